using Microsoft.Extensions.Logging;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Logs each element, completion, failure and cancellation; passes elements through.</summary>
internal sealed partial class LogStage<T>(string name, Func<T, object?>? extract, LogLevel level) : LinearStage<T, T>("log")
{
    public Func<T, object?>? Extract { get; } = extract;
    public LogLevel Level { get; } = level;
    public string LogName { get; } = name;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    [LoggerMessage(EventId = 100, Message = "[{Name}] Element: {Element}")]
    private static partial void LogElement(ILogger logger, LogLevel level, string name, object? element);

    [LoggerMessage(EventId = 101, Message = "[{Name}] Upstream finished.")]
    private static partial void LogFinish(ILogger logger, LogLevel level, string name);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "[{Name}] Upstream failed.")]
    private static partial void LogFailure(ILogger logger, Exception error, string name);

    [LoggerMessage(EventId = 103, Message = "[{Name}] Downstream finished.")]
    private static partial void LogCancel(ILogger logger, LogLevel level, string name);

    private sealed class Logic(LogStage<T> stage) : LinearLogic<T, T>(stage)
    {
        public override void OnPush()
        {
            var element = Grab(In);
            if (Log.IsEnabled(stage.Level))
            {
                LogElement(Log, stage.Level, stage.LogName, stage.Extract is null ? element : stage.Extract(element));
            }

            Push(Out, element);
        }

        public override void OnUpstreamFinish()
        {
            LogFinish(Log, stage.Level, stage.LogName);
            CompleteStage();
        }

        public override void OnUpstreamFailure(Exception cause)
        {
            LogFailure(Log, cause, stage.LogName);
            FailStage(cause);
        }

        public override void OnDownstreamFinish(Exception? cause)
        {
            LogCancel(Log, stage.Level, stage.LogName);
            CancelStage(cause);
        }
    }
}
