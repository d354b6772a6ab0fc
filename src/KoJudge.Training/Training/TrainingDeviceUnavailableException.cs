namespace KoJudge.Training.Training;

/// <summary>
/// The device asked for cannot run here: CUDA on a build that carries libtorch's CPU package, or on a machine without a
/// GPU. The message is one line, fit to show as it is.
/// </summary>
public sealed class TrainingDeviceUnavailableException : Exception
{
    public TrainingDeviceUnavailableException()
    {
    }

    public TrainingDeviceUnavailableException(string message)
        : base(message)
    {
    }

    public TrainingDeviceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TrainingDeviceUnavailableException(string device, string reason)
        : base($"cannot train on {device}: {reason}")
    {
        Device = device;
    }

    /// <summary>The device asked for, such as <c>cuda</c>.</summary>
    public string? Device { get; }
}
