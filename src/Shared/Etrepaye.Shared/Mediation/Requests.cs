using MediatR;

namespace Etrepaye.Shared.Mediation;

/// <summary>A request that changes state: it runs in a unit of work on its module's DbContext.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;
