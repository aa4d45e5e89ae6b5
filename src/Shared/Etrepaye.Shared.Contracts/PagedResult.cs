namespace Etrepaye.Shared.Contracts;

/// <summary>One page of a list. Every list the API returns is paged.</summary>
/// <param name="Items">The rows of this page.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">The number of rows a page holds at most.</param>
/// <param name="TotalCount">The number of rows over all pages.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);
