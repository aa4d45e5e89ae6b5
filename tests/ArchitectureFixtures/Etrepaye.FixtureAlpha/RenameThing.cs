using Etrepaye.Shared.Mediation;
using FluentValidation;
using MediatR;

namespace Etrepaye.FixtureAlpha;

/// <summary>Allowed: a command named *Command, its *Validator and its *Handler.</summary>
internal sealed record RenameThingCommand(string Name) : ICommand<int>;

internal sealed class RenameThingValidator : AbstractValidator<RenameThingCommand>
{
    public RenameThingValidator() => RuleFor(c => c.Name).NotEmpty();
}

internal sealed class RenameThingHandler : IRequestHandler<RenameThingCommand, int>
{
    public Task<int> Handle(RenameThingCommand request, CancellationToken cancellationToken) => Task.FromResult(request.Name.Length);
}

/// <summary>Naming violation: a command not named *Command.</summary>
internal sealed record ArchiveThing(Guid ThingId) : ICommand<int>;

/// <summary>Naming violation: a validator not named *Validator.</summary>
internal sealed class ArchiveThingRules : AbstractValidator<ArchiveThing>
{
    public ArchiveThingRules() => RuleFor(c => c.ThingId).NotEmpty();
}

/// <summary>Naming violation: a handler not named *Handler.</summary>
internal sealed class ArchiveThingProcessor : IRequestHandler<ArchiveThing, int>
{
    public Task<int> Handle(ArchiveThing request, CancellationToken cancellationToken) => Task.FromResult(1);
}

/// <summary>Allowed: a query named *Query with its *Handler.</summary>
internal sealed record CountThingsQuery : IQuery<int>;

internal sealed class CountThingsHandler : IRequestHandler<CountThingsQuery, int>
{
    public Task<int> Handle(CountThingsQuery request, CancellationToken cancellationToken) => Task.FromResult(0);
}

/// <summary>Naming violation: a query not named *Query.</summary>
internal sealed record ThingsByName(string Name) : IQuery<int>;

internal sealed class ThingsByNameHandler : IRequestHandler<ThingsByName, int>
{
    public Task<int> Handle(ThingsByName request, CancellationToken cancellationToken) => Task.FromResult(0);
}
