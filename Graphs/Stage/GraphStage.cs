using Sluice.Graphs.Materialization;

namespace Sluice.Graphs.Stage;

/// <summary>
/// A custom stage with a materialized value: an immutable blueprint declaring a <see cref="Shape"/> and creating a
/// fresh <see cref="GraphStageLogic"/> (plus the materialized value) for each materialization.
/// </summary>
/// <typeparam name="TShape">The shape.</typeparam>
/// <typeparam name="TMat">The materialized value.</typeparam>
public abstract class GraphStageWithMaterializedValue<TShape, TMat> : IGraph<TShape, TMat>, IStageBlueprint
    where TShape : Shape
{
    private Module? _module;

    /// <summary>The stage's ports.</summary>
    public abstract TShape Shape { get; }

    /// <summary>The stage's own attributes (at least its name); they win over inherited ones.</summary>
    protected virtual Attributes InitialAttributes => Attributes.None;

    /// <summary>Creates the running logic and the materialized value for one materialization.</summary>
    /// <param name="inheritedAttributes">The stage's own attributes plus those of enclosing graphs.</param>
    public abstract (GraphStageLogic Logic, TMat MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes);

    Module IGraph<TShape, TMat>.Module => _module ??= new StageModule(this, InitialAttributes);

    Shape IStageBlueprint.Shape => Shape;

    (GraphStageLogic Logic, object? Mat) IStageBlueprint.Create(Attributes attributes)
    {
        var (logic, mat) = CreateLogicAndMaterializedValue(attributes);
        return (logic, mat);
    }

    /// <inheritdoc />
    public override string ToString() => InitialAttributes.Get<Attributes.Name>()?.Value ?? GetType().Name;
}

/// <summary>A custom stage without a materialized value (it materializes <see cref="NotUsed"/>).</summary>
/// <typeparam name="TShape">The shape.</typeparam>
public abstract class GraphStage<TShape> : GraphStageWithMaterializedValue<TShape, NotUsed>
    where TShape : Shape
{
    /// <summary>Creates the running logic for one materialization.</summary>
    /// <param name="inheritedAttributes">The stage's own attributes plus those of enclosing graphs.</param>
    protected abstract GraphStageLogic CreateLogic(Attributes inheritedAttributes);

    /// <inheritdoc />
    public sealed override (GraphStageLogic Logic, NotUsed MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes) =>
        (CreateLogic(inheritedAttributes), NotUsed.Instance);
}
