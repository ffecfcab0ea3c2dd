using Microsoft.Extensions.Logging;

namespace Sluice.Graphs.Fusing;

/// <summary>The engine's log messages (source-generated).</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Stream interpreter failed outside of a stage")]
    public static partial void InterpreterFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Stage {Stage} threw after it stopped")]
    public static partial void ThrewAfterStop(ILogger logger, Exception exception, string stage);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Stage {Stage} failed")]
    public static partial void StageFailed(ILogger logger, Exception exception, string stage);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Stage {Stage} threw while failing")]
    public static partial void ThrewWhileFailing(ILogger logger, Exception exception, string stage);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "PostStop of stage {Stage} threw")]
    public static partial void PostStopThrew(ILogger logger, Exception exception, string stage);
}
