using Etrepaye.Shared.Contracts;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Shared.Http;

/// <summary>Paging parameters every list endpoint takes: page from 1, pageSize from 1 to 200 (default 50).</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Number => Page ?? 1;

    public int Size => PageSize ?? DefaultPageSize;

    public void Validate()
    {
        var failures = new List<ValidationFailure>();
        if (Number < 1)
        {
            failures.Add(new ValidationFailure("page", "page must be 1 or more."));
        }

        if (Size is < 1 or > MaxPageSize)
        {
            failures.Add(new ValidationFailure("pageSize", $"pageSize must be between 1 and {MaxPageSize}."));
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }
    }
}

public static class PagingExtensions
{
    /// <summary>Counts, then reads one page; the query must already be ordered.</summary>
    public static async Task<PagedResult<T>> ToPageAsync<T>(this IQueryable<T> query, PageQuery page, CancellationToken cancellationToken)
    {
        page.Validate();
        var total = await query.CountAsync(cancellationToken);
        var items = await query.Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(cancellationToken);
        return new PagedResult<T>(items, page.Number, page.Size, total);
    }
}
