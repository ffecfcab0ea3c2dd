namespace Sluice.Actors.Sharding;

/*
 * The entry point of one entity type on this node (Akka's ShardRegion). For each message: the extractor gives the
 * entity id and the shard id; when the shard's home is known the message goes there (to the local Shard actor, or -
 * in a cluster - to the region that holds it); otherwise the message is buffered and the coordinator is asked once.
 * GracefulShutdown hands every shard off (entities stopped) and stops the region when the last shard has stopped.
 */
internal sealed class ShardRegion : ActorBase
{
    private readonly string _typeName;
    private readonly Func<string, Props> _entityProps;
    private readonly ShardingSettings _settings;
    private readonly IMessageExtractor _extractor;
    private readonly IActorRef _coordinator;
    private readonly Action<IActorRef> _onStopped;
    private readonly Dictionary<string, IActorRef> _homes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _shards = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _shardIds = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _pending = new(StringComparer.Ordinal);
    private int _pendingCount;
    private bool _stopping;

    public ShardRegion(string typeName, Func<string, Props> entityProps, ShardingSettings settings, IMessageExtractor extractor, IActorRef coordinator, Action<IActorRef> onStopped)
    {
        _typeName = typeName;
        _entityProps = entityProps;
        _settings = settings;
        _extractor = extractor;
        _coordinator = coordinator;
        _onStopped = onStopped;
    }

    protected override void PreStart() => _coordinator.Tell(new RegisterRegion(Self), Self);

    protected override void PostStop() => _onStopped(Self);

    protected override void Receive(object message)
    {
        switch (message)
        {
            case ShardHome home:
                OnShardHome(home);
                break;
            case Terminated t:
                OnShardTerminated(t.ActorRef);
                break;
            case GetShardRegionState:
                ReplyState();
                break;
            case GracefulShutdown:
                BeginShutdown();
                break;
            default:
                Route(message, Sender);
                break;
        }
    }

    private void Route(object message, IActorRef sender)
    {
        var entityId = _extractor.EntityId(message);
        if (string.IsNullOrEmpty(entityId))
        {
            Log.NoEntityId(_typeName, message.GetType().Name);
            Context.System.DeadLetters.Tell(message, sender);
            return;
        }

        if (_stopping)
        {
            Context.System.DeadLetters.Tell(message, sender);
            return;
        }

        var shardId = _extractor.ShardId(entityId);
        var payload = _extractor.EntityMessage(message);
        if (_shards.TryGetValue(shardId, out var shard))
        {
            shard.Tell(new EntityDelivery(entityId, payload), sender);
        }
        else if (_homes.TryGetValue(shardId, out var region))
        {
            region.Tell(message, sender); // another node's region (cluster)
        }
        else
        {
            Buffer(shardId, message, sender);
        }
    }

    private void Buffer(string shardId, object message, IActorRef sender)
    {
        if (_pendingCount >= _settings.BufferSize)
        {
            Log.RegionBufferFull(_typeName, _settings.BufferSize, shardId);
            Context.System.DeadLetters.Tell(message, sender);
            return;
        }

        if (!_pending.TryGetValue(shardId, out var buffer))
        {
            buffer = [];
            _pending[shardId] = buffer;
            _coordinator.Tell(new GetShardHome(shardId), Self);
        }

        buffer.Add((message, sender));
        _pendingCount++;
    }

    private void OnShardHome(ShardHome home)
    {
        if (_stopping) return;
        _homes[home.ShardId] = home.Region;
        if (ReferenceEquals(home.Region, Self) && !_shards.ContainsKey(home.ShardId))
        {
            var shard = Context.Watch(Context.ActorOf(
                Props.Create(() => new Shard(_typeName, home.ShardId, _entityProps, _settings)),
                Shard.EntityName(home.ShardId)));
            _shards[home.ShardId] = shard;
            _shardIds[shard] = home.ShardId;
        }

        if (!_pending.Remove(home.ShardId, out var buffer)) return;
        _pendingCount -= buffer.Count;
        foreach (var (message, sender) in buffer) Route(message, sender); // in order, before anything still queued
    }

    private void OnShardTerminated(IActorRef shard)
    {
        if (!_shardIds.Remove(shard, out var shardId)) return;
        _shards.Remove(shardId);
        _homes.Remove(shardId);
        _coordinator.Tell(new ShardStopped(shardId), Self);
        if (_stopping && _shards.Count == 0) Context.Stop(Self);
    }

    private void ReplyState()
    {
        var replyTo = Sender;
        if (_shards.Count == 0)
        {
            replyTo.Tell(new CurrentShardRegionState([]), Self);
            return;
        }

        var asks = new List<Task<ShardState>>(_shards.Count);
        foreach (var shard in _shards.Values) asks.Add(shard.Ask<ShardState>(GetShardState.Instance, _settings.HandOffTimeout));
        Task.WhenAll(asks).ContinueWith(
            static (t, state) =>
            {
                var (replyTo, self) = ((IActorRef, IActorRef))state!;
                if (t.IsCompletedSuccessfully)
                {
                    var shards = t.Result;
                    Array.Sort(shards, static (a, b) => string.CompareOrdinal(a.ShardId, b.ShardId));
                    replyTo.Tell(new CurrentShardRegionState(shards), self);
                }
                else
                {
                    replyTo.Tell(new Status.Failure(t.Exception?.GetBaseException() ?? new TaskCanceledException()), self);
                }
            },
            (replyTo, Self),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void BeginShutdown()
    {
        if (_stopping) return;
        _stopping = true;
        foreach (var buffer in _pending.Values)
        {
            foreach (var (message, sender) in buffer) Context.System.DeadLetters.Tell(message, sender);
        }

        _pending.Clear();
        _pendingCount = 0;
        if (_shards.Count == 0)
        {
            Context.Stop(Self);
            return;
        }

        foreach (var shard in _shards.Values) shard.Tell(HandOff.Instance, Self);
    }
}
