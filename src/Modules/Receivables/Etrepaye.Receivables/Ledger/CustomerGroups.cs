using Etrepaye.Receivables.Data;
using Etrepaye.Shared.Errors;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Receivables.Ledger;

internal sealed record GroupMember(Guid Id, string Reference, string Name, Guid? ParentCustomerId);

/// <summary>Customer groups: a parent customer and its subsidiaries, at any depth.</summary>
internal static class CustomerGroups
{
    /// <summary>The customer first, then its subsidiaries level by level (each once, even if the parent links loop).</summary>
    public static async Task<List<GroupMember>> MembersAsync(ReceivablesDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        // The customer and its direct subsidiaries in one read: for most customers (none) that is the whole group.
        var first = await db.Customers.AsNoTracking().Where(c => c.Id == customerId || c.ParentCustomerId == customerId)
            .OrderBy(c => c.Reference)
            .Select(c => new GroupMember(c.Id, c.Reference, c.Name, c.ParentCustomerId))
            .ToListAsync(cancellationToken);
        var head = first.SingleOrDefault(c => c.Id == customerId) ?? throw new NotFoundException("Customer", customerId);
        var members = new List<GroupMember> { head };
        var seen = new HashSet<Guid> { head.Id };
        var level = new List<Guid>();
        foreach (var child in first.Where(c => seen.Add(c.Id)))
        {
            members.Add(child);
            level.Add(child.Id);
        }

        while (level.Count > 0)
        {
            var children = await db.Customers.AsNoTracking()
                .Where(c => c.ParentCustomerId != null && level.Contains(c.ParentCustomerId.Value))
                .OrderBy(c => c.Reference)
                .Select(c => new GroupMember(c.Id, c.Reference, c.Name, c.ParentCustomerId))
                .ToListAsync(cancellationToken);
            level = [];
            foreach (var child in children.Where(c => seen.Add(c.Id)))
            {
                members.Add(child);
                level.Add(child.Id);
            }
        }

        return members;
    }

    /// <summary>Whether making <paramref name="parentId"/> the parent of <paramref name="customerId"/> would close a loop.</summary>
    public static async Task<bool> WouldLoopAsync(ReceivablesDbContext db, Guid customerId, Guid parentId, CancellationToken cancellationToken)
    {
        var seen = new HashSet<Guid>();
        Guid? current = parentId;
        while (current is { } id && seen.Add(id))
        {
            if (id == customerId)
            {
                return true;
            }

            current = await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.ParentCustomerId).SingleOrDefaultAsync(cancellationToken);
        }

        return false;
    }
}
