using System.CommandLine;
using System.Runtime.CompilerServices;

namespace KoJudge.Cli.Help;

/// <summary>
/// The default of an option that has no fixed value to show: one computed when the command runs (the CPU count, a
/// path under the cache folder) or the absence of a value that means something (every strategy). Help shows it in
/// words, as <c>[default: …]</c>, where it would otherwise show the value on the machine that wrote the help, or nothing.
/// </summary>
public static class DefaultInWords
{
    private static readonly ConditionalWeakTable<Option, string> Words = new();

    public static TOption DefaultsTo<TOption>(this TOption option, string words)
        where TOption : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentException.ThrowIfNullOrWhiteSpace(words);
        Words.AddOrUpdate(option, words);
        return option;
    }

    /// <summary>What help shows as <paramref name="option"/>'s default; null where it has none.</summary>
    public static string? Of(Option option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (Words.TryGetValue(option, out var words))
        {
            return words;
        }
        if (!option.HasDefaultValue)
        {
            return null;
        }
        return option.GetDefaultValue() switch
        {
            null => null,
            bool value => value ? "on" : "off",
            string value => value,
            System.Collections.IEnumerable values => string.Join(' ', values.Cast<object>()),
            IFormattable value => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var value => value.ToString(),
        };
    }
}
