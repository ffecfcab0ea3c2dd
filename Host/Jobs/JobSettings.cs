using Sluice.Actors.Configuration;

namespace Sluice.Host.Jobs;

/// <summary>Reads a job entry's optional settings with their defaults.</summary>
public static class JobSettings
{
    /// <summary>The integer at <paramref name="path"/>, or <paramref name="fallback"/> when it is not set.</summary>
    public static int GetInt(this Config settings, string path, int fallback)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.HasPath(path) ? settings.GetInt(path) : fallback;
    }

    /// <summary>The duration at <paramref name="path"/>, or <paramref name="fallback"/> when it is not set.</summary>
    public static TimeSpan GetDuration(this Config settings, string path, TimeSpan fallback)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.HasPath(path) ? settings.GetDuration(path) : fallback;
    }

    /// <summary>The string at <paramref name="path"/>, or <paramref name="fallback"/> when it is not set.</summary>
    public static string GetString(this Config settings, string path, string fallback)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.HasPath(path) ? settings.GetString(path) : fallback;
    }
}
