using Sluice.Graphs.Dsl;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>The backoff bookkeeping shared by the Restart wrappers: counts restarts in the window, schedules the next start.</summary>
internal abstract class RestartLogic : TimerGraphStageLogic
{
    private static readonly object RestartTimer = new();
    private readonly RestartSettings _settings;
    private int _restarts;
    private long _windowStart;

    protected RestartLogic(Shape shape, RestartSettings settings)
        : base(shape) => _settings = settings;

    /// <summary>Starts (again) the wrapped graph.</summary>
    protected abstract void StartGraph();

    public override void PreStart()
    {
        _windowStart = TimeProvider.GetUtcNow().UtcTicks;
        StartGraph();
    }

    /// <summary>Schedules a restart; returns false when no restart is left (the caller then ends the stage).</summary>
    protected bool ScheduleRestart()
    {
        var now = TimeProvider.GetUtcNow().UtcTicks;
        if (_settings.MaxRestartsWithin != TimeSpan.MaxValue && now - _windowStart > _settings.MaxRestartsWithin.Ticks)
        {
            _restarts = 0;
            _windowStart = now;
        }

        if (_settings.MaxRestarts >= 0 && _restarts >= _settings.MaxRestarts)
        {
            return false;
        }

        _restarts++;
        var delay = _settings.DelayFor(_restarts, _settings.RandomFactor == 0 ? 0 : Random.Shared.NextDouble());
        Log.LogRestart(StageName, _restarts, delay);
        ScheduleOnce(RestartTimer, delay);
        return true;
    }

    protected override void OnTimer(object timerKey) => StartGraph();
}
