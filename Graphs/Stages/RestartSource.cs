using Sluice.Graphs.Dsl;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Runs the source a factory makes; when it ends (or only when it fails), starts a new one after a backoff.</summary>
internal sealed class RestartSourceStage<T, TMat>(Func<Source<T, TMat>> factory, RestartSettings settings, bool onlyOnFailures)
    : SourceStage<T>("restart-source")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : RestartLogic
    {
        private readonly RestartSourceStage<T, TMat> _stage;
        private readonly SubSinkInlet<T> _sub;

        public Logic(RestartSourceStage<T, TMat> stage)
            : base(stage.Shape, stage._settings)
        {
            _stage = stage;
            SetHandler(stage.Out, this);
            _sub = new SubSinkInlet<T>(this, e => Push(_stage.Out, e), OnSubComplete, OnSubFailure);
        }

        protected override void StartGraph()
        {
            _sub.Materialize(_stage._factory(), RunningMaterializer);
            if (IsAvailable(_stage.Out))
            {
                _sub.Pull();
            }
        }

        public override void OnPull() => _sub.Pull();

        private void OnSubComplete()
        {
            if (_stage._onlyOnFailures || !ScheduleRestart())
            {
                CompleteStage();
            }
        }

        private void OnSubFailure(Exception error)
        {
            if (!ScheduleRestart())
            {
                FailStage(error);
            }
        }

        public override void OnDownstreamFinish(Exception? cause)
        {
            _sub.Cancel();
            CancelStage(cause);
        }
    }

    private readonly Func<Source<T, TMat>> _factory = factory;
    private readonly RestartSettings _settings = settings;
    private readonly bool _onlyOnFailures = onlyOnFailures;
}

/// <summary>Runs the flow a factory makes; when it ends or fails while upstream is still running, starts a new one after a backoff.</summary>
internal sealed class RestartFlowStage<TIn, TOut, TMat>(Func<Flow<TIn, TOut, TMat>> factory, RestartSettings settings)
    : LinearStage<TIn, TOut>("restart-flow")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : RestartLogic
    {
        private readonly RestartFlowStage<TIn, TOut, TMat> _stage;
        private readonly SubSinkInlet<TOut> _results;
        private readonly SubSourceOutlet<TIn> _inputs;

        public Logic(RestartFlowStage<TIn, TOut, TMat> stage)
            : base(stage.Shape, stage._settings)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
            _results = new SubSinkInlet<TOut>(this, e => Push(_stage.Out, e), OnInnerEnded, _ => OnInnerEnded());
            _inputs = new SubSourceOutlet<TIn>(this, OnInnerPull, () => { });
        }

        protected override void StartGraph()
        {
            var inner = _inputs.Source().Via(_stage._factory());
            _results.Materialize(inner, RunningMaterializer);
            if (IsAvailable(_stage.Out))
            {
                _results.Pull();
            }
        }

        private void OnInnerPull()
        {
            if (IsClosed(_stage.In))
            {
                _inputs.Complete();
            }
            else if (!HasBeenPulled(_stage.In))
            {
                Pull(_stage.In);
            }
        }

        public override void OnPush()
        {
            var element = Grab(_stage.In);
            if (_inputs.IsAvailable)
            {
                _inputs.Push(element);
            }
        }

        public override void OnUpstreamFinish() => _inputs.Complete();

        public override void OnPull() => _results.Pull();

        private void OnInnerEnded()
        {
            _inputs.Complete();
            if (IsClosed(_stage.In) || !ScheduleRestart())
            {
                CompleteStage();
            }
        }

        public override void OnDownstreamFinish(Exception? cause)
        {
            _results.Cancel();
            _inputs.Complete();
            CancelStage(cause);
        }
    }

    private readonly Func<Flow<TIn, TOut, TMat>> _factory = factory;
    private readonly RestartSettings _settings = settings;
}

/// <summary>Runs the sink a factory makes; when it cancels or fails while upstream is still running, starts a new one after a backoff.</summary>
internal sealed class RestartSinkStage<T, TMat>(Func<Sink<T, TMat>> factory, RestartSettings settings)
    : SinkStage<T, NotUsed>("restart-sink")
{
    public override (GraphStageLogic Logic, NotUsed MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes) =>
        (new Logic(this), NotUsed.Instance);

    private sealed class Logic : RestartLogic
    {
        private readonly RestartSinkStage<T, TMat> _stage;
        private readonly SubSourceOutlet<T> _inputs;

        public Logic(RestartSinkStage<T, TMat> stage)
            : base(stage.Shape, stage._settings)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            _inputs = new SubSourceOutlet<T>(this, OnInnerPull, OnInnerCancel);
        }

        protected override void StartGraph() => _inputs.Source().To(_stage._factory()).Run(RunningMaterializer);

        private void OnInnerPull()
        {
            if (!HasBeenPulled(_stage.In) && !IsClosed(_stage.In))
            {
                Pull(_stage.In);
            }
        }

        private void OnInnerCancel()
        {
            if (IsClosed(_stage.In) || !ScheduleRestart())
            {
                CompleteStage();
            }
        }

        public override void OnPush()
        {
            var element = Grab(_stage.In);
            if (_inputs.IsAvailable)
            {
                _inputs.Push(element);
            }
        }

        public override void OnUpstreamFinish()
        {
            _inputs.Complete();
            CompleteStage();
        }
    }

    private readonly Func<Sink<T, TMat>> _factory = factory;
    private readonly RestartSettings _settings = settings;
}

/// <summary>On an upstream failure, continues with the source a function returns (up to a number of times).</summary>
internal sealed class RecoverWith<T>(Func<Exception, Source<T, NotUsed>?> recovery, int maxRetries) : LinearStage<T, T>("recover-with")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : LinearLogic<T, T>
    {
        private readonly RecoverWith<T> _stage;
        private readonly SubSinkInlet<T> _sub;
        private int _attempts;

        public Logic(RecoverWith<T> stage)
            : base(stage)
        {
            _stage = stage;
            _sub = new SubSinkInlet<T>(this, e => Push(Out, e), CompleteStage, Recover);
        }

        public override void OnPush() => Push(Out, Grab(In));

        public override void OnPull()
        {
            if (_sub.IsClosed && _attempts == 0)
            {
                Pull(In);
            }
            else
            {
                _sub.Pull();
            }
        }

        public override void OnUpstreamFailure(Exception cause) => Recover(cause);

        public override void OnUpstreamFinish()
        {
            if (_attempts == 0)
            {
                CompleteStage();
            }
        }

        private void Recover(Exception cause)
        {
            var next = _stage._maxRetries >= 0 && _attempts >= _stage._maxRetries ? null : _stage._recovery(cause);
            if (next is null)
            {
                FailStage(cause);
                return;
            }

            _attempts++;
            SetKeepGoing(true);
            _sub.Materialize(next, RunningMaterializer);
            if (IsAvailable(Out))
            {
                _sub.Pull();
            }
        }

        public override void OnDownstreamFinish(Exception? cause)
        {
            _sub.Cancel();
            CancelStage(cause);
        }
    }

    private readonly Func<Exception, Source<T, NotUsed>?> _recovery = recovery;
    private readonly int _maxRetries = maxRetries;
}
