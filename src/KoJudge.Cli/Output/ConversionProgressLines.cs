using KoJudge.Gguf.Conversion;

namespace KoJudge.Cli.Output;

/// <summary>
/// A line for each tenth of the tensors a conversion writes (<c>convert model</c>, <c>convert lora</c>), so a 16 GB
/// conversion shows it is moving without flooding a log.
/// </summary>
public sealed class ConversionProgressLines(TextWriter error) : IProgress<ConversionProgress>
{
    private int lastTenth = -1;

    public void Report(ConversionProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tenth = value.Done * 10 / Math.Max(1, value.Total);
        if (tenth == lastTenth && value.Done != value.Total)
        {
            return;
        }
        lastTenth = tenth;
        error.WriteLine($"converted {value.Done}/{value.Total} tensors ({value.Tensor})");
    }
}
