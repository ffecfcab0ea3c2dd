using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Sluice.Actors;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Postgres;
using Sluice.Persistence.Snapshots;
using Sluice.Persistence.Sqlite;

namespace Sluice.Persistence;

/// <summary>
/// The persistence of one actor system: its settings, its journal and snapshot stores and the journal actor that
/// batches the writes of all persistent actors. Created once per system, on first use, from <c>sluice.persistence</c>
/// (<see cref="Get"/>), or with stores of your own (<see cref="Start"/>) before the first persistent actor starts.
/// Stores it created are closed when the system terminates.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as its actor system; the recovery semaphore holds no unmanaged handle unless AvailableWaitHandle is used.")]
public sealed class SluicePersistence
{
    private static readonly ConditionalWeakTable<ActorSystem, SluicePersistence> Instances = new();
    private static readonly Lock Gate = new();

    /// <summary>Replayed events sent to a recovering actor per message.</summary>
    private const int ReplayChunk = 128;

    private readonly ActorSystem _system;
    private readonly SemaphoreSlim _recoveries;

    private SluicePersistence(ActorSystem system, PersistenceSettings settings, IJournalStore journal, ISnapshotStore? snapshots, bool owned)
    {
        _system = system;
        Settings = settings;
        JournalStore = journal;
        SnapshotStore = snapshots;
        _recoveries = new SemaphoreSlim(settings.MaxConcurrentRecoveries);
        Journal = system.SystemActorOf(
            Props.Create(() => new JournalActor(journal, settings.BatchSize, settings.MaxInFlightBatches, settings.BatchLinger, settings.JournalCallTimeout, StartRecovery, TimeProvider.System)),
            "persistence-journal");
        if (owned) _ = CloseOnTerminationAsync();
    }

    /// <summary>The settings read from <c>sluice.persistence</c>.</summary>
    public PersistenceSettings Settings { get; }

    /// <summary>Where events are stored.</summary>
    public IJournalStore JournalStore { get; }

    /// <summary>Where snapshots are stored; null when snapshots are disabled (<c>snapshot-store.plugin = none</c>).</summary>
    public ISnapshotStore? SnapshotStore { get; }

    internal IActorRef Journal { get; }

    /// <summary>The persistence of a system, created from its configuration on first use.</summary>
    /// <param name="system">The actor system.</param>
    /// <returns>The system's persistence.</returns>
    public static SluicePersistence Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (Instances.TryGetValue(system, out var existing)) return existing;
        lock (Gate)
        {
            if (Instances.TryGetValue(system, out existing)) return existing;
            var settings = PersistenceSettings.From(system.Config);
            var journal = CreateJournal(settings);
            var snapshots = CreateSnapshotStore(settings);
            var created = new SluicePersistence(system, settings, journal, snapshots, owned: true);
            Instances.Add(system, created);
            return created;
        }
    }

    /// <summary>Starts the persistence of a system on the given stores instead of the configured ones (custom
    /// plugins, tests). The caller owns the stores and closes them after the system terminated.</summary>
    /// <param name="system">The actor system.</param>
    /// <param name="journal">The journal store.</param>
    /// <param name="snapshots">The snapshot store; null disables snapshots.</param>
    /// <returns>The system's persistence.</returns>
    /// <exception cref="InvalidOperationException">The system's persistence was already started.</exception>
    public static SluicePersistence Start(ActorSystem system, IJournalStore journal, ISnapshotStore? snapshots)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(journal);
        lock (Gate)
        {
            if (Instances.TryGetValue(system, out _))
            {
                throw new InvalidOperationException(
                    $"The persistence of actor system {system.Name} is already started; call SluicePersistence.Start before the first persistent actor is created.");
            }

            var created = new SluicePersistence(system, PersistenceSettings.From(system.Config), journal, snapshots, owned: false);
            Instances.Add(system, created);
            return created;
        }
    }

    private static IJournalStore CreateJournal(PersistenceSettings settings) => settings.Plugin switch
    {
        PersistencePlugin.Sqlite => new SqliteJournal(settings.Sqlite),
        PersistencePlugin.Postgres => new PostgresJournal(settings.Postgres),
        _ => new MemoryJournal(),
    };

    private static ISnapshotStore? CreateSnapshotStore(PersistenceSettings settings) => settings.SnapshotPlugin switch
    {
        PersistencePlugin.Sqlite => new SqliteSnapshotStore(settings.Sqlite),
        PersistencePlugin.Postgres => new PostgresSnapshotStore(settings.Postgres),
        PersistencePlugin.Memory => new MemorySnapshotStore(),
        _ => null,
    };

    /// <summary>Recovers one actor off its thread (after its outstanding writes): snapshot, replay, highest sequence
    /// number, each sent to it as a message.</summary>
    internal void Recover(string persistenceId, Recovery recovery, IActorRef actor, int instanceId) =>
        Journal.Tell(new RecoverRequest(persistenceId, recovery, actor, instanceId), actor);

    private void StartRecovery(RecoverRequest request) =>
        _ = RecoverAsync(request.PersistenceId, request.Recovery, request.Actor, request.InstanceId);

    private async Task RecoverAsync(string persistenceId, Recovery recovery, IActorRef actor, int instanceId)
    {
        long last = 0;
        PersistentRepresentation[]? chunk = null;
        var chunked = 0;
        await _recoveries.WaitAsync().ConfigureAwait(false);
        try
        {
            SelectedSnapshot? snapshot = null;
            var criteria = recovery.FromSnapshot;
            if (SnapshotStore is not null && criteria.MaxSequenceNr > 0)
            {
                if (criteria.MaxSequenceNr > recovery.ToSequenceNr) criteria = criteria with { MaxSequenceNr = recovery.ToSequenceNr };
                using var snapshotTimeout = new CancellationTokenSource(Settings.SnapshotCallTimeout);
                snapshot = await SnapshotStore.LoadAsync(persistenceId, criteria, snapshotTimeout.Token).ConfigureAwait(false);
            }

            last = snapshot?.Metadata.SequenceNr ?? 0;
            actor.Tell(new RecoverySnapshot(instanceId, snapshot), actor);
            using var timeout = new CancellationTokenSource(Settings.JournalCallTimeout);
            var highest = await JournalStore.ReadHighestSequenceNrAsync(persistenceId, last, timeout.Token).ConfigureAwait(false);
            var to = Math.Min(recovery.ToSequenceNr, highest);
            if (to > last && recovery.ReplayMax > 0)
            {
                await JournalStore.ReplayMessagesAsync(
                    persistenceId, last + 1, to, recovery.ReplayMax,
                    e =>
                    {
                        chunk ??= new PersistentRepresentation[ReplayChunk];
                        chunk[chunked++] = e;
                        if (chunked == ReplayChunk) SendChunk();
                    },
                    timeout.Token).ConfigureAwait(false);
                SendChunk();
            }

            actor.Tell(new RecoveryFinished(instanceId, Math.Max(highest, snapshot?.Metadata.SequenceNr ?? 0)), actor);
        }
        catch (Exception cause)
        {
            SendChunk(); // the events read before the failure are replayed, as they would have been one by one
            actor.Tell(new RecoveryFailed(instanceId, cause, last), actor);
        }
        finally
        {
            _recoveries.Release();
        }

        void SendChunk()
        {
            if (chunked == 0) return;
            var events = chunked == chunk!.Length ? chunk : chunk[..chunked];
            last = events[^1].SequenceNr;
            actor.Tell(new RecoveryReplayed(instanceId, events), actor);
            chunk = null;
            chunked = 0;
        }
    }

    /// <summary>Runs a store call with a timeout off the actor thread and sends its outcome to <paramref name="actor"/>.</summary>
    internal static void Pipe(IActorRef actor, TimeSpan timeout, Func<CancellationToken, Task> call, object onSuccess, Func<Exception, object> onFailure) =>
        _ = PipeAsync(actor, timeout, call, onSuccess, onFailure);

    private static async Task PipeAsync(IActorRef actor, TimeSpan timeout, Func<CancellationToken, Task> call, object onSuccess, Func<Exception, object> onFailure)
    {
        object reply;
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await call(cts.Token).ConfigureAwait(false);
            reply = onSuccess;
        }
        catch (Exception cause)
        {
            reply = onFailure(cause);
        }

        actor.Tell(reply, actor);
    }

    private async Task CloseOnTerminationAsync()
    {
        await _system.WhenTerminated.ConfigureAwait(false);
        try
        {
            await JournalStore.DisposeAsync().ConfigureAwait(false);
            if (SnapshotStore is not null) await SnapshotStore.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception cause)
        {
            PersistenceLog.DisposeFailed(_system.LoggerFactory.CreateLogger<SluicePersistence>(), cause, cause.Message);
        }
    }
}
