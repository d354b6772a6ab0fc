namespace KoJudge.Training.Lora;

/// <summary>A block whose projections LoRA can wrap in place, under the projection's own Hugging Face name.</summary>
internal interface ILoraHost
{
    IEnumerable<string> ProjectionNames { get; }

    LoraLinear AttachLora(string name, LoraSettings settings);
}
