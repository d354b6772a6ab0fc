using System.Text;
using KoJudge.Datasets;
using KoJudge.Prompts;

namespace KoJudge.Tests.Datasets;

/// <summary>
/// Invalid JSON is located by KoJudge alone: file:line and the character in the line, never System.Text.Json's
/// "LineNumber: 0 | BytePositionInLine: N", whose 0 contradicted the line and whose N counted UTF-8 bytes.
/// </summary>
public sealed class JsonSyntaxErrorTests
{
    [Fact]
    public void A_JSONL_line_is_located_by_the_character_where_it_breaks_after_Korean_text()
    {
        // Each Hangul syllable is three bytes in UTF-8: the second comma is character 22 and byte 28.
        const string Line = """{"id": "가나다", "x": 1,, }""";

        var error = Assert.Throws<InputFormatException>(() => JsonRow.Parse("items.jsonl", 7, Line));

        Assert.Equal("items.jsonl:7: not valid JSON at character 22: ',' is an invalid start of a property name. Expected a '\"'.", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePosition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_JSON_file_is_located_by_its_own_line_and_character()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-json-").FullName, "rubric.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\n  \"criteria\": \"정확한가?\",\n  \"score1\": 틀림\n}")]);

        var error = Assert.Throws<InputFormatException>(() => RubricCatalog.LoadFromFile(path));

        Assert.Equal(3, error.Line);
        Assert.StartsWith($"{path}:3: not valid JSON at character 13: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }
}
