using System.CommandLine;
using System.Globalization;
using KoJudge.Cli.Help;
using KoJudge.Training.Lora;
using KoJudge.Training.Training;

namespace KoJudge.Train;

/// <summary>
/// kojudge-train's flags, as issue 14 names them, with LoraTrainingOptions' own defaults, and their groups in help.
/// </summary>
internal sealed class TrainerFlags
{
    private static readonly LoraTrainingOptions Defaults = new();

    public Option<DirectoryInfo> Base { get; } = new("--base")
    {
        Description = "The base model: a Hugging Face Llama folder (config.json, tokenizer.json, *.safetensors).",
        HelpName = "HF_DIR",
        Required = true,
    };

    public Option<FileInfo> Data { get; } = new("--data")
    {
        Description = "Training rows, JSONL or .parquet: Feedback-Collection's orig_* fields, or KoJudge items with feedback and score.",
        HelpName = "FILE",
        Required = true,
    };

    public Option<FileInfo?> Eval { get; } = new("--eval")
    {
        Description = "Held-out rows of the same kinds: eval loss and verdict accuracy, every --eval-every steps and at the end.",
        HelpName = "FILE",
    };

    public Option<int> MaxLength { get; } = Positive("--max-length", "The most tokens a row may have, prompt and target; a longer row is refused, never cut.", Defaults.MaxLength, "TOKENS", minimum: 2);

    public Option<string> Device { get; } = new Option<string>("--device")
    {
        Description = "Where to train: cpu, or cuda with a CUDA build of kojudge-train.",
        DefaultValueFactory = _ => Defaults.Device,
    }.AcceptOnlyFromAmong("cpu", "cuda");

    public Option<string> Dtype { get; } = new Option<string>("--dtype")
    {
        Description = "The frozen base weights' and the forward pass's type: f32, or bf16 (as on a GPU); LoRA's weights and the optimizer stay f32.",
        DefaultValueFactory = _ => DtypeName(Defaults.Dtype),
    }.AcceptOnlyFromAmong(DtypeName(TrainingDtype.F32), DtypeName(TrainingDtype.BF16));

    public Option<bool> GradientCheckpointing { get; } = new("--gradient-checkpointing")
    {
        Description = "Recompute each layer's activations in the backward pass instead of keeping them: less memory for long rows, more time.",
    };

    public Option<int> Rank { get; } = Positive("--rank", "LoRA's rank r.", Defaults.Lora.Rank, "R");

    public Option<double> Alpha { get; } = Above0("--alpha", "LoRA's alpha; the update is scaled by alpha / r.", Defaults.Lora.Alpha, "ALPHA");

    public Option<double> Dropout { get; } = Share("--dropout", "LoRA's dropout on each adapted projection's input, in [0, 1).", Defaults.Lora.Dropout, "P", excludeOne: true);

    // The default in words: the seven names in one token would not fit help's 80 columns.
    public Option<string?> Targets { get; } = new Option<string?>("--targets")
    {
        Description = $"The projections of every layer to adapt, comma-separated, of {string.Join(", ", LoraSettings.AllProjections)}.",
        HelpName = "LIST",
        Validators =
        {
            r =>
            {
                var targets = TargetList(r.GetValueOrDefault<string?>() ?? "");
                if (targets.Length == 0 || targets.Any(t => !LoraSettings.AllProjections.Contains(t)))
                {
                    r.AddError($"--targets must name some of {string.Join(", ", LoraSettings.AllProjections)}, comma-separated{(targets.Length == 0 ? "" : $", not {targets.First(t => !LoraSettings.AllProjections.Contains(t))}")}.");
                }
            },
        },
    }.DefaultsTo("all seven");

    public Option<int> Epochs { get; } = Positive("--epochs", "Passes over the training rows.", Defaults.Epochs, "N");

    public Option<double> LearningRate { get; } = Above0("--lr", "AdamW's peak learning rate, after warm-up and before cosine decay.", Defaults.LearningRate, "RATE");

    public Option<double> Warmup { get; } = Share("--warmup", "The share of all steps spent warming up, in [0, 1].", Defaults.WarmupRatio, "SHARE", excludeOne: false);

    public Option<int> Batch { get; } = Positive("--batch", "Rows per forward pass, padded to the longest.", Defaults.BatchSize, "ROWS");

    public Option<int> GradientAccumulation { get; } = Positive("--grad-accum", "Forward passes per optimizer step: a step learns from --batch × --grad-accum rows.", Defaults.GradientAccumulation, "N");

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "The run's seed: the LoRA weights' start, each epoch's row order and each step's dropout.",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.Seed,
    };

    public Option<int?> EvalEvery { get; } = new("--eval-every")
    {
        Description = "Evaluate on --eval every N steps as well as at the end.",
        HelpName = "N",
        Validators = { r => MustBePositive(r, r.GetValueOrDefault<int?>()) },
    };

    public Option<int> CheckpointEvery { get; } = Positive("--checkpoint-every", "Write a checkpoint to resume from every N steps (and on Ctrl+C).", Defaults.CheckpointInterval ?? 100, "N");

    public Option<DirectoryInfo> Output { get; } = new("--output")
    {
        Description = "Where the PEFT adapter goes (adapter_config.json, adapter_model.safetensors), with the checkpoints a rerun resumes from.",
        HelpName = "ADAPTER_DIR",
        Required = true,
    };

    public Option<FileInfo?> Json { get; } = new("--json")
    {
        Description = "Also write the run's summary as JSON here.",
        HelpName = "FILE",
    };

    /// <summary>
    /// Every flag, in the order a user reads them; help lists each under its heading of <see cref="HelpGroups"/>,
    /// the same as kojudge's.
    /// </summary>
    public IReadOnlyList<Option> All =>
    [
        Base, Data, Eval,
        Device, Dtype, GradientCheckpointing,
        Rank, Alpha, Dropout, Targets,
        Epochs, LearningRate, Warmup, Batch, GradientAccumulation, MaxLength,
        EvalEvery, CheckpointEvery, Seed,
        Output, Json,
    ];

    /// <summary>The trainer's options from the parsed (and so validated) flags.</summary>
    public LoraTrainingOptions Options(ParseResult parse, string baseName)
    {
        var targets = parse.GetValue(Targets) is { } list ? TargetList(list) : Defaults.Lora.Targets;
        return Defaults with
        {
            Lora = new LoraSettings(parse.GetValue(Rank), parse.GetValue(Alpha), parse.GetValue(Dropout), targets),
            Epochs = parse.GetValue(Epochs),
            LearningRate = parse.GetValue(LearningRate),
            WarmupRatio = parse.GetValue(Warmup),
            BatchSize = parse.GetValue(Batch),
            GradientAccumulation = parse.GetValue(GradientAccumulation),
            MaxLength = parse.GetValue(MaxLength),
            Seed = parse.GetValue(Seed),
            CheckpointInterval = parse.GetValue(CheckpointEvery),
            EvaluationInterval = parse.GetValue(EvalEvery),
            GradientCheckpointing = parse.GetValue(GradientCheckpointing),
            Dtype = Enum.GetValues<TrainingDtype>().Single(d => DtypeName(d) == parse.GetValue(Dtype)),
            Device = parse.GetValue(Device)!,
            BaseModelName = baseName,
        };
    }

    /// <summary>A dtype as the flag spells it: <c>f32</c>, <c>bf16</c>.</summary>
    private static string DtypeName(TrainingDtype dtype) => dtype.ToString().ToLowerInvariant();

    private static string[] TargetList(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Option<int> Positive(string name, string description, int value, string helpName, int minimum = 1) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => value,
        Validators = { r => MustBeAtLeast(r, r.GetValueOrDefault<int>(), minimum) },
    };

    private static Option<double> Above0(string name, string description, double value, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => value,
        Validators = { r => { if (!(r.GetValueOrDefault<double>() > 0)) { r.AddError($"{name} must be above 0."); } } },
    };

    private static Option<double> Share(string name, string description, double value, string helpName, bool excludeOne) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => value,
        Validators =
        {
            r =>
            {
                var share = r.GetValueOrDefault<double>();
                if (!(share >= 0 && (excludeOne ? share < 1 : share <= 1)))
                {
                    r.AddError($"{name} must be in [0, 1{(excludeOne ? ")" : "]")}, not {share.ToString(CultureInfo.InvariantCulture)}.");
                }
            },
        },
    };

    private static void MustBePositive(System.CommandLine.Parsing.OptionResult result, int? value)
    {
        if (value is < 1)
        {
            result.AddError($"{result.Option.Name} must be at least 1.");
        }
    }

    private static void MustBeAtLeast(System.CommandLine.Parsing.OptionResult result, int value, int minimum)
    {
        if (value < minimum)
        {
            result.AddError($"{result.Option.Name} must be at least {minimum}.");
        }
    }
}
