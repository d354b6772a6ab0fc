using System.CommandLine;
using KoJudge.Verdicts;

namespace KoJudge.Cli.Commands;

/// <summary><c>--verdict-format</c>: what a pairwise judge writes, shared by <c>compare</c> and <c>parse --pairwise</c>.</summary>
public static class VerdictFormatOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--verdict-format")
        {
            Description = "What the pairwise judge writes: result ([RESULT] A or B), brackets ([[A]], [[B]], [[C]] for a tie) "
                + "or arena ([[A>>B]], [[A>B]], [[A=B]], [[B>A]], [[B>>A]], with a margin).",
            DefaultValueFactory = _ => "result",
        };
        option.AcceptOnlyFromAmong("result", "brackets", "arena");
        return option;
    }

    public static PairwiseVerdictFormat Read(ParseResult parse, Option<string> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(option) switch
        {
            "brackets" => PairwiseVerdictFormat.Brackets,
            "arena" => PairwiseVerdictFormat.Arena,
            _ => PairwiseVerdictFormat.Result,
        };
    }
}
