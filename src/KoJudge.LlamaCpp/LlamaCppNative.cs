using LLama.Native;

namespace KoJudge.LlamaCpp;

/// <summary>
/// Sets up llama.cpp's log before its first native call (LLamaSharp loads the library even in <c>new ModelParams</c>):
/// its chatter is dropped, and its recent errors are kept to explain a failure, such as a model that will not load.
/// </summary>
public static class LlamaCppNative
{
    private static readonly Lock Gate = new();
    private static readonly Queue<string> RecentErrors = new();
    private static bool configured;

    public static void EnsureConfigured()
    {
        lock (Gate)
        {
            if (configured)
            {
                return;
            }
            NativeLibraryConfig.All.WithLogCallback((level, message) =>
            {
                if (level < LLamaLogLevel.Error || string.IsNullOrWhiteSpace(message))
                {
                    return;
                }
                lock (Gate)
                {
                    RecentErrors.Enqueue(message.Trim());
                    while (RecentErrors.Count > 8)
                    {
                        RecentErrors.Dequeue();
                    }
                }
            });
            configured = true;
        }
    }

    /// <summary>What llama.cpp last reported as errors, newest last, and forgets them.</summary>
    public static string TakeRecentErrors()
    {
        lock (Gate)
        {
            var text = string.Join("; ", RecentErrors);
            RecentErrors.Clear();
            return text;
        }
    }
}
