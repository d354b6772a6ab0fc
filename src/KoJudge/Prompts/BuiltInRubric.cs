namespace KoJudge.Prompts;

/// <summary>One of the seed's six Korean rubrics, with the short key and the LogicKor category it belongs to.</summary>
public sealed record BuiltInRubric(string Key, string Category, Rubric Rubric);
