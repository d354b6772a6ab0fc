namespace KoJudge.LogicKor;

/// <summary>Why no LogicKor folder could be used: none was named, or the one named does not exist.</summary>
public enum LogicKorFolderProblem
{
    NotNamed,
    NotFound,
}
