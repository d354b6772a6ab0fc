namespace KoJudge.Cli;

/// <summary>What <c>kojudge</c> returns, so scripts can tell a bad input from an item without a verdict.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int NoVerdict = 3;
    public const int Cancelled = 130;
}
