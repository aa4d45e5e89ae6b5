using Etrepaye.Collection.Communications;
using Etrepaye.Collection.Data;
using Etrepaye.Collection.Domain;
using Etrepaye.Shared;
using Etrepaye.Shared.Errors;
using Etrepaye.Shared.Http;
using Etrepaye.Shared.Mediation;
using Etrepaye.Shared.Tenancy;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Collection.Features.Templates;

public sealed record MessageTemplateResponse(string Kind, string Channel, int Level, string Language, string Subject, string Body, bool Custom, long? Version);

internal static class TemplateRules
{
    public static IRuleBuilderOptions<T, string> IsKind<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(k => DefaultTemplates.Kinds.Contains(k)).WithMessage($"kind is one of {string.Join(", ", DefaultTemplates.Kinds)}.");

    public static IRuleBuilderOptions<T, string> IsChannel<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(c => Enum.TryParse<MessageChannel>(c, true, out _)).WithMessage("channel is Email, Letter or Sms.");

    public static IRuleBuilderOptions<T, string> IsLanguage<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(l => l is "fr" or "en").WithMessage("language is fr or en.");
}

internal sealed record ListTemplatesQuery : IQuery<IReadOnlyList<MessageTemplateResponse>>;

/// <summary>Every wording in use: the company's own, and the built-in ones it has not replaced.</summary>
internal sealed class ListTemplatesHandler(CollectionDbContext db) : IRequestHandler<ListTemplatesQuery, IReadOnlyList<MessageTemplateResponse>>
{
    public async Task<IReadOnlyList<MessageTemplateResponse>> Handle(ListTemplatesQuery query, CancellationToken cancellationToken)
    {
        var own = await db.Templates.AsNoTracking().ToListAsync(cancellationToken);
        var result = own.Select(t => new MessageTemplateResponse(t.Kind, t.Channel.ToString(), t.Level, t.Language, t.Subject, t.Body, true, t.Version)).ToList();
        foreach (var (kind, levels) in new[] { (DefaultTemplates.Reminder, new[] { 0, 1, 2 }), (DefaultTemplates.FormalNotice, [1]), (DefaultTemplates.Escalation, [1]) })
        {
            foreach (var channel in Enum.GetValues<MessageChannel>())
            {
                foreach (var language in new[] { "fr", "en" })
                {
                    foreach (var level in levels.Where(l => !own.Any(t => t.Kind == kind && t.Channel == channel && t.Language == language && t.Level == l)))
                    {
                        var text = DefaultTemplates.For(kind, channel, level, language);
                        result.Add(new MessageTemplateResponse(kind, channel.ToString(), level, language, text.Subject, text.Body, false, null));
                    }
                }
            }
        }

        return [.. result.OrderBy(t => t.Kind).ThenBy(t => t.Channel).ThenBy(t => t.Level).ThenBy(t => t.Language)];
    }
}

public sealed record SaveTemplateRequest(string Kind, string Channel, int Level, string Language, string Subject, string Body, long? Version);

internal sealed record SaveTemplateCommand(string Kind, string Channel, int Level, string Language, string Subject, string Body, long? Version)
    : ICommand<MessageTemplateResponse>;

internal sealed class SaveTemplateValidator : AbstractValidator<SaveTemplateCommand>
{
    public SaveTemplateValidator()
    {
        RuleFor(c => c.Kind).NotEmpty().IsKind().WithName("kind");
        RuleFor(c => c.Channel).NotEmpty().IsChannel().WithName("channel");
        RuleFor(c => c.Language).NotEmpty().IsLanguage().WithName("language");
        RuleFor(c => c.Level).InclusiveBetween(0, 9).WithName("level");
        RuleFor(c => c.Subject).NotEmpty().MaximumLength(500).WithName("subject");
        RuleFor(c => c.Body).NotEmpty().MaximumLength(50_000).WithName("body");
    }
}

/// <summary>Writes the company's wording of a kind, channel, level and language (Liquid); a template that does not parse is refused.</summary>
internal sealed class SaveTemplateHandler(CollectionDbContext db, RequestContext requestContext, TimeProvider timeProvider)
    : IRequestHandler<SaveTemplateCommand, MessageTemplateResponse>
{
    public async Task<MessageTemplateResponse> Handle(SaveTemplateCommand command, CancellationToken cancellationToken)
    {
        TemplateRenderer.Parse(command.Subject, "subject");
        TemplateRenderer.Parse(command.Body, "body");
        var channel = Enum.Parse<MessageChannel>(command.Channel, true);
        var template = await db.Templates.SingleOrDefaultAsync(
            t => t.Kind == command.Kind && t.Channel == channel && t.Level == command.Level && t.Language == command.Language, cancellationToken);
        if (template is null)
        {
            template = new MessageTemplate
            {
                Id = Ids.New(timeProvider),
                CompanyId = requestContext.CompanyId,
                Kind = command.Kind,
                Channel = channel,
                Level = command.Level,
                Language = command.Language,
                Subject = command.Subject,
                Body = command.Body,
                UpdatedAt = timeProvider.GetUtcNow(),
                UpdatedBy = requestContext.ActorName,
            };
            db.Templates.Add(template);
        }
        else
        {
            if (command.Version is { } version && version != template.Version)
            {
                throw new ConflictException("The template was changed since it was read.");
            }

            template.Subject = command.Subject;
            template.Body = command.Body;
            template.UpdatedAt = timeProvider.GetUtcNow();
            template.UpdatedBy = requestContext.ActorName;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new MessageTemplateResponse(template.Kind, template.Channel.ToString(), template.Level, template.Language, template.Subject, template.Body, true, template.Version);
    }
}

public sealed record PreviewTemplateRequest(Guid CaseId, string Kind, string Channel, int? Level, string? Language, string? Subject, string? Body, bool? IncludeInterest, bool? Indemnity);

public sealed record PreviewResponse(string Channel, string Language, string Recipient, string Subject, string Body, IReadOnlyList<Guid> ItemIds, string? WouldBeCancelledBecause);

internal sealed record PreviewTemplateQuery(Guid CaseId, string Kind, string Channel, int? Level, string? Language, string? Subject, string? Body, bool? IncludeInterest, bool? Indemnity)
    : IQuery<PreviewResponse>;

internal sealed class PreviewTemplateValidator : AbstractValidator<PreviewTemplateQuery>
{
    public PreviewTemplateValidator()
    {
        RuleFor(c => c.CaseId).NotEmpty().WithName("caseId");
        RuleFor(c => c.Kind).NotEmpty().IsKind().WithName("kind");
        RuleFor(c => c.Channel).NotEmpty().IsChannel().WithName("channel");
        RuleFor(c => c.Language!).IsLanguage().When(c => c.Language is not null).WithName("language");
        RuleFor(c => c.Body).NotEmpty().When(c => c.Subject is not null).WithName("body").WithMessage("A preview of an edited template gives both subject and body.");
        RuleFor(c => c.Subject).NotEmpty().When(c => c.Body is not null).WithName("subject").WithMessage("A preview of an edited template gives both subject and body.");
    }
}

/// <summary>Renders a message for a case with the given (unsaved) wording, or the one in use; nothing is stored or sent.</summary>
internal sealed class PreviewTemplateHandler(CollectionDbContext db, MessageComposer composer) : IRequestHandler<PreviewTemplateQuery, PreviewResponse>
{
    public async Task<PreviewResponse> Handle(PreviewTemplateQuery command, CancellationToken cancellationToken)
    {
        var collectionCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken)
            ?? throw new NotFoundException("Case", command.CaseId);
        var request = new ComposeRequest(
            collectionCase.Id, command.Kind, Enum.Parse<MessageChannel>(command.Channel, true), command.Level ?? 1, command.Language, AttachStatement: false,
            command.IncludeInterest ?? command.Kind == DefaultTemplates.FormalNotice, command.Indemnity ?? command.Kind == DefaultTemplates.FormalNotice, false);
        var rendered = await composer.RenderAsync(collectionCase, request, command.Subject is null ? null : new TemplateText(command.Subject, command.Body!), cancellationToken);
        return new PreviewResponse(rendered.Channel.ToString(), rendered.Language, rendered.Recipient, rendered.Subject, rendered.Body, rendered.ItemIds, rendered.CancelReason);
    }
}

internal static class MessageTemplateEndpoints
{
    public static void MapMessageTemplates(this RouteGroupBuilder collection)
    {
        collection.MapGet("templates", (IMediator mediator, CancellationToken cancellationToken) => mediator.Send(new ListTemplatesQuery(), cancellationToken))
            .WithName("ListMessageTemplates")
            .WithSummary("The wording of every message (Liquid), the company's own and the built-in ones, in French and English.");
        collection.MapPut("templates", (SaveTemplateRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new SaveTemplateCommand(r.Kind, r.Channel, r.Level, r.Language, r.Subject, r.Body, r.Version), cancellationToken))
            .WithName("SaveMessageTemplate")
            .WithSummary("Replaces the wording of a kind, channel, level and language for the company.")
            .RequireCompanyRoles(CollectionModule.ManagerRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        collection.MapPost("templates/preview", (PreviewTemplateRequest r, IMediator mediator, CancellationToken cancellationToken) =>
                mediator.Send(new PreviewTemplateQuery(r.CaseId, r.Kind, r.Channel, r.Level, r.Language, r.Subject, r.Body, r.IncludeInterest, r.Indemnity), cancellationToken))
            .WithName("PreviewMessageTemplate")
            .WithSummary("Renders a message for a case with the wording given (or the one in use) without storing or sending it.")
            .RequireCompanyRoles(CollectionModule.WriterRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
