using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KoJudge.Bank;

/// <summary>
/// Fitted bank models kept on disk, so a bank that has not changed is fitted once: describing the training answers
/// against the bank and fitting the trees is most of a bank's load (about 1.3 s of 2 on LogicKor's), and a team
/// judges checkpoint after checkpoint against the same bank. A model is found by a hash of the bank's fingerprint and
/// every setting that shapes the fit, so a changed file, setting or exclusion is a new model, never a stale one. A
/// store that cannot be read or written is passed over: the model is fitted as if it were empty.
/// </summary>
public sealed class BankModelStore(string folder)
{
    // Raised whenever the features or the fit change meaning, so models fitted by an older KoJudge are not read.
    private const string Version = "kojudge-bank-model-v1";

    public string Folder { get; } = folder;

    internal static string KeyOf(JudgmentBank bank, BankJudgeOptions options)
    {
        var text = JsonSerializer.Serialize(new object?[] { Version, bank.Fingerprint, options.TrainingStrategy, options.TrainingShare, options.Model });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    internal BankModel? TryLoad(string key)
    {
        try
        {
            var (model, range) = Paths(key);
            if (!File.Exists(model) || !File.Exists(range))
            {
                return null;
            }
            var bounds = File.ReadAllText(range).Split(' ');
            using var stream = File.OpenRead(model);
            return BankModel.Load(stream, double.Parse(bounds[0], CultureInfo.InvariantCulture), double.Parse(bounds[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    internal void TrySave(string key, BankModel fitted)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            var (model, range) = Paths(key);
            // Written under temporary names and moved in, so a reader never meets half a model; the range goes first,
            // since the model's file is what says the entry is there.
            var temporary = $"{model}.{Environment.ProcessId}.tmp";
            File.WriteAllText($"{range}.{Environment.ProcessId}.tmp", string.Create(CultureInfo.InvariantCulture, $"{fitted.Low:R} {fitted.High:R}"));
            File.Move($"{range}.{Environment.ProcessId}.tmp", range, overwrite: true);
            using (var stream = File.Create(temporary))
            {
                fitted.Save(stream);
            }
            File.Move(temporary, model, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs the next run a fit, nothing else.
        }
    }

    private (string Model, string Range) Paths(string key) => (Path.Combine(Folder, key + ".zip"), Path.Combine(Folder, key + ".range"));
}
