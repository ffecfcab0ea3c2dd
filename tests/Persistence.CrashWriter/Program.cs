using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Persistence;

// Child process of the crash test: persistent actors persist as fast as they can into the SQLite file of the data
// directory given as the argument and print "pid seqnr" for every event whose persist handler ran (= committed).
// The test kills the process with SIGKILL at a random moment and checks the journal afterwards.
if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: Sluice.Persistence.CrashWriter <data-directory>");
    return 2;
}

var config = Config.Parse($"sluice.persistence {{ plugin = sqlite, data-directory = \"{args[0].Replace("\\", "\\\\", StringComparison.Ordinal)}\" }}");
await using var system = ActorSystem.Create("crash-writer", config);
for (var i = 0; i < 4; i++)
{
    var pid = $"crash-{i}";
    system.ActorOf(Props.Create(() => new Writer(pid)));
}

await Console.Out.WriteLineAsync("started");
await system.WhenTerminated;
return 0;

/// <summary>Persists its next sequence numbers as events, 10 at a time, forever.</summary>
internal sealed class Writer(string pid) : PersistentActor
{
    public override string PersistenceId => pid;

    protected override void ReceiveRecover(object message)
    {
        if (message is RecoveryCompleted) Self.Tell("go", Self);
    }

    protected override void ReceiveCommand(object message)
    {
        var next = LastSequenceNr + 1;
        var events = new long[10];
        for (var i = 0; i < events.Length; i++) events[i] = next + i;
        PersistAll(events, e => Console.Out.WriteLine($"{pid} {e}"));
        Defer("go", go => Self.Tell(go, Self));
    }
}
