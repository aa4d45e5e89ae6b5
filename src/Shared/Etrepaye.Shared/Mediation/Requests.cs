using MediatR;

namespace Etrepaye.Shared.Mediation;

/// <summary>A request that changes state: it runs in a unit of work on its module's DbContext.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;

/// <summary>
/// A request that records one row through a group-commit writer (many requests share one insert and one commit) and
/// changes nothing else: it runs without the unit of work's transaction. The order check is one.
/// </summary>
public interface IRecordingQuery<out TResponse> : IRequest<TResponse>;
