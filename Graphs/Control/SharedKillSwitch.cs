using Sluice.Graphs.Dsl;

namespace Sluice.Graphs.Control;

/// <summary>
/// One switch for many streams: every materialization of <see cref="Flow{T}"/> is controlled by it, including
/// those materialized after it was triggered (they stop at once). Only the first trigger has an effect.
/// </summary>
public sealed class SharedKillSwitch : IKillSwitch
{
    private readonly object _gate = new();
    private readonly List<Action<Exception?>> _live = [];
    private bool _triggered;
    private Exception? _cause;

    internal SharedKillSwitch(string name) => Name = name;

    /// <summary>The switch's name (also the name of its stages).</summary>
    public string Name { get; }

    /// <summary>A pass-through flow controlled by this switch.</summary>
    public Flow<T, T, SharedKillSwitch> Flow<T>() =>
        Dsl.Flow.FromGraph(new KillSwitchStage<T, SharedKillSwitch>(h => Register(h.Trigger), Name));

    private SharedKillSwitch Register(Action<Exception?> trigger)
    {
        lock (_gate)
        {
            if (!_triggered)
            {
                _live.Add(trigger);
                return this;
            }
        }

        trigger(_cause);
        return this;
    }

    /// <inheritdoc />
    public void Shutdown() => Trigger(null);

    /// <inheritdoc />
    public void Abort(Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        Trigger(cause);
    }

    private void Trigger(Exception? cause)
    {
        Action<Exception?>[] live;
        lock (_gate)
        {
            if (_triggered)
            {
                return;
            }

            _triggered = true;
            _cause = cause;
            live = [.. _live];
            _live.Clear();
        }

        foreach (var trigger in live)
        {
            trigger(cause);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SharedKillSwitch({Name})";
}
