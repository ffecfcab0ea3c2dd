using Sluice.Actors.Dispatch;
using Sluice.Actors.Supervision;

namespace Sluice.Actors.Runtime;

internal sealed partial class ActorCell
{
    private readonly Dictionary<string, ChildRestartStats> _children = new(StringComparer.Ordinal);
    private long _nextChildName;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_children) return _children.Values.Select(static c => (IActorRef)c.Child).ToArray();
        }
    }

    internal IReadOnlyList<ChildRestartStats> ChildStats
    {
        get
        {
            lock (_children) return _children.Values.ToArray();
        }
    }

    private bool HasChildren
    {
        get
        {
            lock (_children) return _children.Count > 0;
        }
    }

    public IActorRef? Child(string name)
    {
        lock (_children) return _children.TryGetValue(name, out var c) ? c.Child : null;
    }

    internal LocalActorRef? ChildByName(string name)
    {
        lock (_children) return _children.TryGetValue(name, out var c) ? c.Child : null;
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
            name = "$" + ToBase36(Interlocked.Increment(ref _nextChildName));
        else
            ActorPath.ValidateName(name);
        LocalActorRef child;
        lock (_children)
        {
            if (_children.ContainsKey(name))
                throw new InvalidActorNameException($"Actor name '{name}' is not unique: {Self.Path} already has a child of that name (a stopping child keeps its name until it has stopped).");
            child = System.CreateActor(props, SelfRef, Self.Path.Child(name));
            _children.Add(name, new ChildRestartStats(child));
        }
        child.SendSystemMessage(Create.Instance);
        return child;
    }

    public void Stop(IActorRef actor)
    {
        if (actor is InternalActorRef r) r.SendSystemMessage(Terminate.Instance);
    }

    private bool RemoveChild(InternalActorRef child)
    {
        lock (_children)
        {
            if (_children.TryGetValue(child.Path.Name, out var stats) && ReferenceEquals(stats.Child, child))
            {
                _children.Remove(child.Path.Name);
                return true;
            }
        }
        return false;
    }

    internal ChildRestartStats? StatsOf(InternalActorRef child)
    {
        lock (_children)
            return _children.TryGetValue(child.Path.Name, out var s) && ReferenceEquals(s.Child, child) ? s : null;
    }

    private static string ToBase36(long value)
    {
        const string digits = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = digits[(int)(value % 36)];
            value /= 36;
        } while (value > 0);
        return new string(buffer[i..]);
    }
}
