using Sluice.Graphs.Dsl;

namespace Sluice.Graphs.Control;

/// <summary>Factories for kill switches.</summary>
public static class KillSwitches
{
    /// <summary>
    /// A pass-through flow that materializes its own <see cref="UniqueKillSwitch"/>.
    /// <para><b>Emits when</b> upstream emits.</para>
    /// <para><b>Backpressures when</b> downstream backpressures.</para>
    /// <para><b>Completes when</b> upstream completes, or the switch is shut down.</para>
    /// <para><b>Cancels when</b> downstream cancels, or the switch is shut down or aborted.</para>
    /// </summary>
    public static Flow<T, T, UniqueKillSwitch> Single<T>() =>
        Flow.FromGraph(new KillSwitchStage<T, UniqueKillSwitch>(h => new UniqueKillSwitch(h.Trigger), "kill-switch"));

    /// <summary>A switch that controls every stream its <see cref="SharedKillSwitch.Flow{T}"/> is part of.</summary>
    public static SharedKillSwitch Shared(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new SharedKillSwitch(name);
    }
}
