using KoJudge.Gguf.Conversion;

namespace KoJudge.Gguf.Tests.Conversion;

/// <summary>Keeps every report as it is made, on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
internal sealed class RecordedProgress : IProgress<ConversionProgress>
{
    public List<ConversionProgress> Reports { get; } = [];

    public void Report(ConversionProgress value) => Reports.Add(value);
}
