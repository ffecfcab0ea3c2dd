using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>
/// Fan-in like <see cref="Merge{T}"/>, but an element waiting on <see cref="MergePreferredShape{T}.Preferred"/>
/// always goes first.
/// <para><b>Emits when</b> any input has an element and downstream pulled (preferred first).</para>
/// <para><b>Backpressures when</b> downstream backpressures.</para>
/// <para><b>Completes when</b> all inputs completed (or any one with <c>eagerComplete</c>).</para>
/// <para><b>Cancels when</b> downstream cancels.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class MergePreferred<T> : GraphStage<MergePreferredShape<T>>
{
    private readonly bool _eagerComplete;

    /// <summary>Creates a preferred merge with <paramref name="secondaryPorts"/> secondary inputs.</summary>
    public MergePreferred(int secondaryPorts, bool eagerComplete = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(secondaryPorts, 1);
        _eagerComplete = eagerComplete;
        Shape = new MergePreferredShape<T>(
            new Outlet<T>("merge-preferred.out"),
            new Inlet<T>("merge-preferred.preferred"),
            Enumerable.Range(0, secondaryPorts).Select(i => new Inlet<T>($"merge-preferred.in{i}")).ToArray());
    }

    /// <inheritdoc />
    public override MergePreferredShape<T> Shape { get; }

    /// <inheritdoc />
    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("merge-preferred"));

    /// <inheritdoc />
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) =>
        new MergeLogic<T>(Shape, Shape.Ins, Shape.Preferred, _eagerComplete);
}
