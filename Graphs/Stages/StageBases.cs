using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Base of the built-in linear operators: one inlet, one outlet, a default name.</summary>
internal abstract class LinearStage<TIn, TOut> : GraphStage<FlowShape<TIn, TOut>>
{
    protected LinearStage(string name)
    {
        Name = name;
        In = new Inlet<TIn>(name + ".in");
        Out = new Outlet<TOut>(name + ".out");
        Shape = new FlowShape<TIn, TOut>(In, Out);
    }

    public string Name { get; }

    public Inlet<TIn> In { get; }

    public Outlet<TOut> Out { get; }

    public override FlowShape<TIn, TOut> Shape { get; }

    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name(Name));
}

/// <summary>Base of the built-in sources with a materialized value.</summary>
internal abstract class SourceStage<TOut, TMat> : GraphStageWithMaterializedValue<SourceShape<TOut>, TMat>
{
    protected SourceStage(string name)
    {
        Name = name;
        Out = new Outlet<TOut>(name + ".out");
        Shape = new SourceShape<TOut>(Out);
    }

    public string Name { get; }

    public Outlet<TOut> Out { get; }

    public override SourceShape<TOut> Shape { get; }

    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name(Name));
}

/// <summary>Base of the built-in sources without a materialized value.</summary>
internal abstract class SourceStage<TOut>(string name) : SourceStage<TOut, NotUsed>(name)
{
    protected abstract GraphStageLogic CreateLogic(Attributes inheritedAttributes);

    public sealed override (GraphStageLogic Logic, NotUsed MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes) =>
        (CreateLogic(inheritedAttributes), NotUsed.Instance);
}

/// <summary>Base of the built-in sinks.</summary>
internal abstract class SinkStage<TIn, TMat> : GraphStageWithMaterializedValue<SinkShape<TIn>, TMat>
{
    protected SinkStage(string name)
    {
        Name = name;
        In = new Inlet<TIn>(name + ".in");
        Shape = new SinkShape<TIn>(In);
    }

    public string Name { get; }

    public Inlet<TIn> In { get; }

    public override SinkShape<TIn> Shape { get; }

    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name(Name));
}

/// <summary>
/// Base of linear logics that handle their own two ports. Default OnPull pulls upstream, which is what most
/// 1:1 and filtering operators want.
/// </summary>
internal abstract class LinearLogic<TIn, TOut> : GraphStageLogic
{
    protected readonly Inlet<TIn> In;
    protected readonly Outlet<TOut> Out;

    protected LinearLogic(LinearStage<TIn, TOut> stage)
        : base(stage.Shape)
    {
        In = stage.In;
        Out = stage.Out;
        SetHandler(In, this);
        SetHandler(Out, this);
    }

    public override void OnPull() => Pull(In);
}
