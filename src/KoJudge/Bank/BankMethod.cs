namespace KoJudge.Bank;

/// <summary>How the bank turns neighbours into a score.</summary>
public enum BankMethod
{
    /// <summary>Gradient-boosted trees over every feature, fitted on the bank.</summary>
    Model,

    /// <summary>The simple form, for comparison: the chrF⁸-weighted mean of the neighbours' scores times the answer's Hangul share.</summary>
    Simple,
}
