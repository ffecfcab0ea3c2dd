using System.Globalization;
using Sluice.Actors.Supervision;

namespace Sluice.Actors.Sharding;

/*
 * One shard of a region: the parent of its entities (Akka's Shard, without remember-entities).
 * - An entity starts on its first message (a child named after its escaped id) and is watched.
 * - Passivation (asked by the entity with Passivate, or after passivate-idle-after without messages): the shard sends
 *   the stop message and, until Terminated arrives, buffers what comes for that entity; then it starts the entity
 *   again if anything was buffered, and delivers the buffer in order before any later message.
 * - Failure: EntitySupervisorStrategy stops a failing entity and reports it; on its Terminated the shard starts it
 *   again after min * 2^n (capped at max, plus random), buffering meanwhile. Passivation resets n.
 * - HandOff (graceful stop of the region): every entity gets PoisonPill, the shard stops when all have stopped (or
 *   at handoff-timeout); messages for it go to dead letters.
 */
internal sealed class Shard : ActorBase
{
    private readonly string _typeName;
    private readonly string _shardId;
    private readonly Func<string, Props> _entityProps;
    private readonly ShardingSettings _settings;
    private readonly SupervisorStrategy _strategy;
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Buffered>> _buffers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _passivating = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _failed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _restarts = new(StringComparer.Ordinal);
    private int _buffered;
    private bool _handingOff;

    public Shard(string typeName, string shardId, Func<string, Props> entityProps, ShardingSettings settings)
    {
        _typeName = typeName;
        _shardId = shardId;
        _entityProps = entityProps;
        _settings = settings;
        _strategy = new EntitySupervisorStrategy(child => _failed.Add(child));
    }

    public override SupervisorStrategy SupervisorStrategy => _strategy;

    protected override void PreStart()
    {
        if (_settings.PassivateIdleAfter is { } idle)
        {
            var interval = idle / 2;
            Timers.StartPeriodicTimer(IdleCheck.Instance, IdleCheck.Instance, interval, interval);
        }
    }

    protected override void Receive(object message)
    {
        switch (message)
        {
            case EntityDelivery d:
                Deliver(d.EntityId, d.Message, Sender);
                break;
            case Passivate p:
                if (_ids.TryGetValue(Sender, out var id)) BeginPassivation(id, Sender, p.StopMessage);
                break;
            case Terminated t:
                OnTerminated(t.ActorRef);
                break;
            case RestartEntity r:
                OnRestartDue(r.EntityId);
                break;
            case IdleCheck:
                PassivateIdle();
                break;
            case GetShardState:
                Sender.Tell(new ShardState(_shardId, CurrentEntityIds()));
                break;
            case HandOff:
                BeginHandOff();
                break;
            case HandOffTimedOut:
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Deliver(string entityId, object message, IActorRef sender)
    {
        if (_handingOff)
        {
            Context.System.DeadLetters.Tell(message, sender);
            return;
        }

        if (_buffers.TryGetValue(entityId, out var buffer))
        {
            if (_buffered >= _settings.BufferSize)
            {
                Log.ShardBufferFull(_shardId, _typeName, _settings.BufferSize, entityId);
                Context.System.DeadLetters.Tell(message, sender);
                return;
            }

            buffer.Add(new Buffered(message, sender));
            _buffered++;
            return;
        }

        if (!_entities.TryGetValue(entityId, out var entity)) entity = StartEntity(entityId);
        if (_settings.PassivateIdleAfter is not null) _lastSeen[entityId] = Context.System.TimeProvider.GetTimestamp();
        entity.Tell(message, sender);
    }

    private IActorRef StartEntity(string entityId)
    {
        var entity = Context.Watch(Context.ActorOf(_entityProps(entityId), EntityName(entityId)));
        _entities[entityId] = entity;
        _ids[entity] = entityId;
        return entity;
    }

    private void BeginPassivation(string entityId, IActorRef entity, object stopMessage)
    {
        if (!_passivating.Add(entityId)) return;
        _buffers.TryAdd(entityId, []);
        entity.Tell(stopMessage, Self);
    }

    private void PassivateIdle()
    {
        if (_settings.PassivateIdleAfter is not { } idle) return;
        var time = Context.System.TimeProvider;
        var now = time.GetTimestamp();
        List<string>? idleIds = null;
        foreach (var (entityId, seen) in _lastSeen)
        {
            if (time.GetElapsedTime(seen, now) >= idle && !_passivating.Contains(entityId)) (idleIds ??= []).Add(entityId);
        }

        if (idleIds is null) return;
        foreach (var entityId in idleIds) BeginPassivation(entityId, _entities[entityId], PoisonPill.Instance);
    }

    private void OnTerminated(IActorRef entity)
    {
        if (!_ids.Remove(entity, out var entityId)) return;
        _entities.Remove(entityId);
        _lastSeen.Remove(entityId);
        var passivated = _passivating.Remove(entityId);
        var failed = _failed.Remove(entity);
        if (_handingOff)
        {
            if (_entities.Count == 0) Context.Stop(Self);
            return;
        }

        if (failed)
        {
            _restarts.TryGetValue(entityId, out var count);
            _restarts[entityId] = count + 1;
            _buffers.TryAdd(entityId, []);
            var delay = RestartDelay(count);
            Timers.StartSingleTimer(("restart", entityId), new RestartEntity(entityId), delay);
            Log.EntityRestarting(_shardId, _typeName, entityId, (long)delay.TotalMilliseconds);
            return;
        }

        if (passivated) _restarts.Remove(entityId);
        if (_buffers.Remove(entityId, out var buffer) && buffer.Count > 0) Redeliver(entityId, buffer);
    }

    private void OnRestartDue(string entityId)
    {
        if (_handingOff || _entities.ContainsKey(entityId)) return;
        var buffer = _buffers.Remove(entityId, out var b) ? b : [];
        StartEntity(entityId);
        Redeliver(entityId, buffer);
    }

    private void Redeliver(string entityId, List<Buffered> buffer)
    {
        _buffered -= buffer.Count;
        if (!_entities.ContainsKey(entityId)) StartEntity(entityId);
        foreach (var item in buffer) Deliver(entityId, item.Message, item.Sender);
    }

    private TimeSpan RestartDelay(int count) => BackoffOptions.Delay(
        _settings.RestartMinBackoff, _settings.RestartMaxBackoff, _settings.RestartRandomFactor, count, Random.Shared.NextDouble());

    private void BeginHandOff()
    {
        if (_handingOff) return;
        _handingOff = true;
        foreach (var buffer in _buffers.Values)
        {
            foreach (var item in buffer) Context.System.DeadLetters.Tell(item.Message, item.Sender);
        }

        _buffers.Clear();
        _buffered = 0;
        if (_entities.Count == 0)
        {
            Context.Stop(Self);
            return;
        }

        Timers.CancelAll();
        foreach (var entity in _entities.Values) entity.Tell(PoisonPill.Instance, Self);
        Timers.StartSingleTimer(HandOffTimedOut.Instance, HandOffTimedOut.Instance, _settings.HandOffTimeout);
    }

    private string[] CurrentEntityIds()
    {
        var ids = new SortedSet<string>(_entities.Keys, StringComparer.Ordinal);
        ids.UnionWith(_buffers.Keys);
        return [.. ids];
    }

    /// <summary>An entity's actor name: its id with the characters actor names cannot hold escaped (injective).</summary>
    internal static string EntityName(string entityId) => Uri.EscapeDataString(entityId);

    private readonly record struct Buffered(object Message, IActorRef Sender);

    private sealed record RestartEntity(string EntityId);

    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }

    private sealed class HandOffTimedOut
    {
        public static readonly HandOffTimedOut Instance = new();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Shard({_typeName}/{_shardId})");
}

/// <summary>A message for an entity, from its region to its shard (the extractor already ran).</summary>
internal sealed record EntityDelivery(string EntityId, object Message);

/// <summary>Asks a shard for its <see cref="ShardState"/>.</summary>
internal sealed class GetShardState
{
    public static readonly GetShardState Instance = new();
}

/// <summary>Tells a shard to stop its entities, then itself (a graceful region stop).</summary>
internal sealed class HandOff
{
    public static readonly HandOff Instance = new();
}
