using System.Text.Json.Nodes;
using KoJudge.Datasets;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Datasets;

public sealed class PythonLiteralReaderTests
{
    private static JsonNode Value(string source, string name = "X") => PythonLiteralReader.Read("t.py", source)[name].Value;

    private static string Text(string source) => Value(source).GetValue<string>();

    [Theory]
    [InlineData("X = 'a\"b'", "a\"b")]
    [InlineData("X = \"a'b\"", "a'b")]
    [InlineData("X = '''one\ntwo'''", "one\ntwo")]
    [InlineData("X = \"\"\"quote \" inside \"\" still\"\"\"", "quote \" inside \"\" still")]
    [InlineData("X = \"\"\"line one\\\nsame line\"\"\"", "line onesame line")]
    [InlineData(@"X = 'tab\tnew\nback\\quote\'dq\""bell\a'", "tab\tnew\nback\\quote'dq\"bell\a")]
    [InlineData(@"X = '\x41\101\u00e9\U0001F600\0'", "AAé😀\0")]
    [InlineData(@"X = 'kept \d \w'", @"kept \d \w")]
    [InlineData(@"X = r'raw \n \' end'", @"raw \n \' end")]
    [InlineData(@"X = u'유니코드'", "유니코드")]
    [InlineData("X = 'a' \"b\" '''c'''", "abc")]
    [InlineData("X = ('first '\n     'second'  # a comment between\n     \"third\")", "first secondthird")]
    [InlineData("X = 'a' \\\n    'b'", "ab")]
    [InlineData("X = ''", "")]
    public void Reads_a_string_as_Python_does(string source, string expected) =>
        Assert.Equal(expected, Text(source));

    [Fact]
    public void Reads_lists_and_dicts_with_trailing_commas_comments_and_blank_lines_keeping_the_order()
    {
        const string source = """
            # a module of literals

            D = {
                "b": ["x", 'y',],  # trailing comma
                'a': {},
                "c": [
                    {"role": "user", "content": "q"},
                ],
            }
            E = []
            """;

        var assignments = PythonLiteralReader.Read("t.py", source);

        Assert.Equal(
            """{"b":["x","y"],"a":{},"c":[{"role":"user","content":"q"}]}""",
            assignments["D"].Value.ToJsonString());
        Assert.Equal(3, assignments["D"].Line);
        Assert.Equal("[]", assignments["E"].Value.ToJsonString());
        Assert.Equal(10, assignments["E"].Line);
    }

    [Fact]
    public void A_key_or_name_given_twice_keeps_its_last_value_as_in_Python()
    {
        var assignments = PythonLiteralReader.Read("t.py", "X = {'k': 'first', 'j': 'j', 'k': 'last'}\nY = 'one'\nY = 'two'\n");

        Assert.Equal("""{"k":"last","j":"j"}""", assignments["X"].Value.ToJsonString());
        Assert.Equal("two", assignments["Y"].Value.GetValue<string>());
        Assert.Equal(3, assignments["Y"].Line);
    }

    [Fact]
    public void Line_ends_and_a_byte_order_mark_are_read_as_Python_reads_source()
    {
        var assignments = PythonLiteralReader.Read("t.py", "\uFEFFX = '''a\r\nb\rc'''\r\nY = 'y'\r\n");

        Assert.Equal("a\nb\nc", assignments["X"].Value.GetValue<string>());
        // A lone CR ends a line too: X takes lines 1 to 3.
        Assert.Equal(4, assignments["Y"].Line);
    }

    [Theory]
    [InlineData("X = 'ok'\nY = dict(a='b')\n", 2, "Y", "a call of dict(...)")]
    [InlineData("X = {\n    'k': f'{name}',\n}\n", 2, "X", "an f-string")]
    [InlineData("X = ['a',\n     OTHER,\n]\n", 2, "X", "the name OTHER (a reference, not a literal)")]
    [InlineData("X = 'ok'\n\nY = \"\"\"never\nclosed\n", 3, "Y", "a string that is never closed")]
    [InlineData("X = 'one line\nY = 'b'\n", 1, "X", "a string that is never closed")]
    [InlineData("X = {'k': 1}\n", 1, "X", "a number")]
    [InlineData("X = ('a', 'b')\n", 1, "X", "a tuple")]
    [InlineData("X = 'a' + 'b'\n", 1, "X", "found '+' after the value")]
    [InlineData("X = b'bytes'\n", 1, "X", "a bytes literal")]
    [InlineData("X = '\\N{BULLET}'\n", 1, "X", "a named character escape")]
    [InlineData("X = '\\x4'\n", 1, "X", "without its 2 hex digits")]
    [InlineData("X = {('a'): 'b', ['k']: 'v'}\n", 1, "X", "a dict key that is not a string")]
    [InlineData("import json\n", 1, null, "found the name json")]
    [InlineData("X = 'a'\nif True:\n    Y = 'b'\n", 2, null, "found the name True (a reference, not a literal) after the name if")]
    [InlineData("X = 'a'\n  Y = 'b'\n", 2, null, "an indented line")]
    [InlineData("X: str = 'a'\n", 1, null, "found ':' after the name X")]
    public void Refuses_anything_but_a_literal_naming_the_line(string source, int line, string? field, string problem)
    {
        var refused = Assert.Throws<InputFormatException>(() => PythonLiteralReader.Read("templates.py", source));

        Assert.Equal("templates.py", refused.File);
        Assert.Equal(line, refused.Line);
        Assert.Equal(field, refused.Field);
        Assert.Contains(problem, refused.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"templates.py:{line}: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogicKors_templates_py_holds_exactly_the_JSON_copies_of_its_prompts()
    {
        var folder = SharedData.PathOf("data", "logickor");

        var assignments = PythonLiteralReader.ReadFile(Path.Combine(folder, "templates.py"));

        Assert.Equal(["PROMPT_STRATEGY", "JUDGE_TEMPLATE"], assignments.Keys);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "prompt_strategies.json"))), assignments["PROMPT_STRATEGY"].Value));
        Assert.Equal(
            JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "prompt_strategies.json")))!.AsObject().Select(p => p.Key),
            assignments["PROMPT_STRATEGY"].Value.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "judge_templates_head.json"))), assignments["JUDGE_TEMPLATE"].Value));
        Assert.Equal(1, assignments["PROMPT_STRATEGY"].Line);
    }
}
