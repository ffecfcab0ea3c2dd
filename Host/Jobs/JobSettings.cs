using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;

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

    /// <summary>
    /// The trigger at <paramref name="path"/>: <c>available-now</c> (process what is there, in batches, then stop),
    /// <c>once</c> (one batch, then stop) or a duration (a batch every interval); <paramref name="fallback"/> when not set.
    /// </summary>
    /// <exception cref="ConfigurationException">The value is none of these; the message names the key and its origin.</exception>
    public static Trigger GetTrigger(this Config settings, string path, Trigger fallback)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.HasPath(path))
        {
            return fallback;
        }

        var value = settings.GetString(path);
        switch (value)
        {
            case "available-now":
                return Trigger.AvailableNow;
            case "once":
                return Trigger.Once;
        }

        try
        {
            return Trigger.ProcessingTime(settings.GetDuration(path));
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException(
                $"{path} = {value} ({settings.GetOrigin(path)}) is not a trigger: use available-now, once, or an interval such as 5s.", e);
        }
    }
}
