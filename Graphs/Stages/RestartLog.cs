using Microsoft.Extensions.Logging;

namespace Sluice.Graphs.Stages;

/// <summary>Log messages of the Restart wrappers.</summary>
internal static partial class RestartLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Stage {Stage}: restart {Restart} in {Delay}")]
    public static partial void LogRestart(this ILogger logger, string stage, int restart, TimeSpan delay);
}
