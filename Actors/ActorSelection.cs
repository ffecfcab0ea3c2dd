using System.Text.RegularExpressions;
using Sluice.Actors.Runtime;

namespace Sluice.Actors;

/// <summary>
/// Actors chosen by path: absolute (<c>/user/a/b</c>), relative to an actor (<c>../sibling</c>, <c>child</c>),
/// with '*' and '?' wildcards in names. A message told to a selection reaches every actor that matches
/// when it is sent; none matching means dead letters.
/// </summary>
public sealed class ActorSelection
{
    private readonly ActorSystem _system;
    private readonly string[] _elements;

    private ActorSelection(ActorSystem system, string[] elements, string text)
    {
        _system = system;
        _elements = elements;
        PathString = text;
    }

    /// <summary>The selection as written.</summary>
    public string PathString { get; }

    internal static ActorSelection Create(ActorSystem system, ActorPath anchor, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        List<string> elements;
        var text = path;
        if (path.StartsWith("sluice://", StringComparison.Ordinal))
        {
            var parsed = ActorPath.Parse(path);
            if (parsed.System != system.Name)
                throw new ArgumentException($"'{path}' belongs to system '{parsed.System}', not '{system.Name}'.", nameof(path));
            elements = [.. parsed.Elements];
        }
        else if (path.StartsWith('/'))
        {
            elements = [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries)];
        }
        else
        {
            elements = [.. anchor.Elements];
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "..")
                {
                    if (elements.Count > 0) elements.RemoveAt(elements.Count - 1);
                }
                else if (part != ".")
                {
                    elements.Add(part);
                }
            }
        }
        return new ActorSelection(system, [.. elements], text);
    }

    /// <summary>Sends the message to every matching actor, or to dead letters when none matches.</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        var targets = Resolve();
        if (targets.Count == 0)
        {
            _system.DeadLetters.Tell(message, sender ?? ActorCell.Current?.Self);
            return;
        }
        foreach (var t in targets) t.Tell(message, sender ?? ActorCell.Current?.Self);
    }

    /// <summary>The single actor at the path.</summary>
    /// <exception cref="ActorNotFoundException">Nobody lives at the path.</exception>
    public Task<IActorRef> ResolveOne()
    {
        var targets = Resolve();
        return targets.Count > 0
            ? Task.FromResult<IActorRef>(targets[0])
            : Task.FromException<IActorRef>(new ActorNotFoundException($"No actor at '{PathString}' in system '{_system.Name}'."));
    }

    private List<LocalActorRef> Resolve()
    {
        var current = new List<LocalActorRef> { _system.RootRef };
        foreach (var element in _elements)
        {
            var next = new List<LocalActorRef>();
            var wildcard = element.Contains('*', StringComparison.Ordinal) || element.Contains('?', StringComparison.Ordinal);
            Regex? pattern = wildcard ? new Regex("^" + Regex.Escape(element).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$") : null;
            foreach (var actor in current)
            {
                if (pattern is null)
                {
                    if (actor.Cell.ChildByName(element) is { } child) next.Add(child);
                }
                else
                {
                    foreach (var c in actor.Cell.Children)
                        if (c is LocalActorRef l && pattern.IsMatch(l.Path.Name)) next.Add(l);
                }
            }
            current = next;
            if (current.Count == 0) break;
        }
        current.RemoveAll(static r => r.IsTerminated);
        return current;
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSelection({PathString})";
}
