using Etrepaye.Access.Contracts;
using Etrepaye.CreditLimits.Data;
using Etrepaye.CreditLimits.Domain;
using Etrepaye.Receivables.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Etrepaye.CreditLimits.Exposure;

/// <summary>
/// Keeps the module's exposure rows in step with the ledger: a customer's account (its group head) and its balance per
/// currency are read from <see cref="IReceivablesQueries"/> whenever the ledger reports a change for it, and in full on
/// demand. Orders are added to the same rows by the order use cases. The caller saves.
/// </summary>
internal sealed class ExposureProjector(CreditLimitsDbContext db, IReceivablesQueries receivables, ICompanyClock clock)
{
    private const int MaxGroupDepth = 20;

    /// <summary>
    /// Reads one customer from the ledger; null when the ledger does not know it. When its chain of parents changed, the chains
    /// of its whole subtree follow.
    /// </summary>
    public async Task<CreditAccount?> RefreshAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var customer = (await receivables.GetCustomersAsync([customerId], cancellationToken)).SingleOrDefault();
        if (customer is null)
        {
            return null;
        }

        var chain = new List<Guid> { customer.Id };
        for (var parentId = customer.ParentCustomerId; parentId is { } id && chain.Count <= MaxGroupDepth && !chain.Contains(id);)
        {
            var parent = (await receivables.GetCustomersAsync([id], cancellationToken)).SingleOrDefault();
            if (parent is null)
            {
                break;
            }

            chain.Add(parent.Id);
            parentId = parent.ParentCustomerId;
        }

        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var balance = await receivables.GetBalanceAsync(customerId, today, cancellationToken);
        await EnsureRowsAsync(customer.Id, chain[^1], customer.Currency, balance?.Currencies.Select(b => b.Currency) ?? [], cancellationToken);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.CustomerId == customer.Id, cancellationToken);
        var lines = await db.ExposureLines.Where(l => l.CustomerId == customer.Id).ToListAsync(cancellationToken);
        account = Apply(customer, chain[^1], balance?.Currencies ?? [], account, lines, clock.Time.GetUtcNow());
        await SetChainAsync(customer.Id, chain, cancellationToken);
        return account;
    }

    /// <summary>
    /// <see cref="RefreshAsync"/> for many customers (the daily run's overdue customers): one read of the customers, one per level
    /// of their groups' parents not among them, one read of their balances, of their accounts, of their lines and of their chains.
    /// A customer whose chain of parents changed takes <see cref="RefreshAsync"/>'s path for its subtree.
    /// </summary>
    public async Task RefreshManyAsync(IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var customers = (await receivables.GetCustomersAsync(customerIds, cancellationToken)).ToDictionary(c => c.Id);
        var requested = customers.Values.ToList();
        if (requested.Count == 0)
        {
            return;
        }

        var known = new Dictionary<Guid, CustomerDto>(customers);
        var missing = new HashSet<Guid>();
        for (var level = 0; level <= MaxGroupDepth; level++)
        {
            var parents = known.Values.Select(c => c.ParentCustomerId).OfType<Guid>().Where(id => !known.ContainsKey(id) && !missing.Contains(id)).Distinct().ToList();
            if (parents.Count == 0)
            {
                break;
            }

            var found = await receivables.GetCustomersAsync(parents, cancellationToken);
            foreach (var parent in found)
            {
                known[parent.Id] = parent;
            }

            missing.UnionWith(parents.Except(found.Select(p => p.Id)));
        }

        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var balances = await receivables.GetBalancesOfCustomersAsync(customers.Keys, today, cancellationToken);
        var chains = requested.ToDictionary(c => c.Id, c => ChainOf(c, known));
        await EnsureRowsAsync(requested, chains, balances, cancellationToken);
        var ids = customers.Keys.ToList();
        var accounts = await db.Accounts.Where(a => ids.Contains(a.CustomerId)).ToDictionaryAsync(a => a.CustomerId, cancellationToken);
        var lines = (await db.ExposureLines.Where(l => ids.Contains(l.CustomerId)).ToListAsync(cancellationToken)).ToLookup(l => l.CustomerId);
        var stored = (await db.Ancestors.Where(a => ids.Contains(a.CustomerId)).ToListAsync(cancellationToken)).ToLookup(a => a.CustomerId);
        var now = clock.Time.GetUtcNow();
        var moved = new List<Guid>();
        foreach (var customer in requested)
        {
            var chain = chains[customer.Id];
            Apply(customer, chain[^1], balances.GetValueOrDefault(customer.Id)?.Currencies ?? [], accounts.GetValueOrDefault(customer.Id), [.. lines[customer.Id]], now);
            var own = stored[customer.Id].ToList();
            if (own.Count != chain.Count || !own.All(a => a.Depth < chain.Count && chain[a.Depth] == a.AncestorId))
            {
                moved.Add(customer.Id);
            }
        }

        foreach (var customerId in moved)
        {
            await SetChainAsync(customerId, chains[customerId], cancellationToken);
        }
    }

    /// <summary>Reads every customer of the company from the ledger (after an import, or to repair drift); returns how many.</summary>
    public async Task<int> RefreshAllAsync(CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(db.CurrentCompanyId, cancellationToken);
        var accounts = await receivables.ListCustomerAccountsAsync(today, cancellationToken);
        var customers = (await receivables.GetCustomersAsync(accounts.Select(a => a.CustomerId).ToList(), cancellationToken)).ToDictionary(c => c.Id);
        var existingAccounts = await db.Accounts.ToDictionaryAsync(a => a.CustomerId, cancellationToken);
        var existingLines = (await db.ExposureLines.ToListAsync(cancellationToken)).ToLookup(l => l.CustomerId);
        var existingChains = (await db.Ancestors.ToListAsync(cancellationToken)).ToLookup(a => a.CustomerId);
        var now = clock.Time.GetUtcNow();
        foreach (var account in accounts)
        {
            if (!customers.TryGetValue(account.CustomerId, out var customer))
            {
                continue;
            }

            var chain = ChainOf(customer, customers);
            Apply(customer, chain[^1], account.Balances, existingAccounts.GetValueOrDefault(customer.Id), existingLines[customer.Id].ToList(), now);
            Reconcile(customer.Id, existingChains[customer.Id].ToList(), chain.Select((id, depth) => (id, depth)));
        }

        return accounts.Count;
    }

    private static List<Guid> ChainOf(CustomerDto customer, Dictionary<Guid, CustomerDto> customers)
    {
        var chain = new List<Guid> { customer.Id };
        for (var current = customer;
             current.ParentCustomerId is { } parentId && chain.Count <= MaxGroupDepth && !chain.Contains(parentId) && customers.TryGetValue(parentId, out var parent);
             current = parent)
        {
            chain.Add(parent.Id);
        }

        return chain;
    }

    /// <summary>
    /// Makes the stored chain of the customer equal <paramref name="chain"/> (the customer first, its head last); when it
    /// changed, each customer below it keeps its chain up to the customer and takes the customer's new chain above.
    /// </summary>
    private async Task SetChainAsync(Guid customerId, List<Guid> chain, CancellationToken cancellationToken)
    {
        var stored = await db.Ancestors.Where(a => a.CustomerId == customerId).ToListAsync(cancellationToken);
        if (stored.Count == chain.Count && stored.All(a => a.Depth < chain.Count && chain[a.Depth] == a.AncestorId))
        {
            return;
        }

        if (!db.IsSqlite)
        {
            // A ledger event and a request may project the same new customer at once: the rows are created without colliding.
            var companyId = db.CurrentCompanyId;
            for (var depth = 0; depth < chain.Count; depth++)
            {
                var ancestorId = chain[depth];
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO credit_limits.account_ancestors (customer_id, ancestor_id, company_id, depth) VALUES ({customerId}, {ancestorId}, {companyId}, {depth}) ON CONFLICT DO NOTHING",
                    cancellationToken);
            }

            stored = await db.Ancestors.Where(a => a.CustomerId == customerId).ToListAsync(cancellationToken);
        }

        Reconcile(customerId, stored, chain.Select((id, depth) => (id, depth)));
        var below = await db.Ancestors.AsNoTracking().Where(a => a.AncestorId == customerId && a.Depth > 0)
            .Select(a => new { a.CustomerId, a.Depth }).ToListAsync(cancellationToken);
        if (below.Count == 0)
        {
            return;
        }

        var belowIds = below.Select(b => b.CustomerId).ToList();
        var chains = (await db.Ancestors.Where(a => belowIds.Contains(a.CustomerId)).ToListAsync(cancellationToken)).ToLookup(a => a.CustomerId);
        foreach (var descendant in below)
        {
            var own = chains[descendant.CustomerId].Where(a => a.Depth < descendant.Depth).Select(a => (a.AncestorId, a.Depth));
            var above = chain.Select((id, depth) => (id, depth + descendant.Depth));
            Reconcile(descendant.CustomerId, chains[descendant.CustomerId].ToList(), own.Concat(above));
        }

        var headId = chain[^1];
        await db.Accounts.Where(a => belowIds.Contains(a.CustomerId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.GroupHeadId, headId), cancellationToken);
        await db.ExposureLines.Where(l => belowIds.Contains(l.CustomerId)).ExecuteUpdateAsync(s => s.SetProperty(l => l.GroupHeadId, headId), cancellationToken);
    }

    private void Reconcile(Guid customerId, List<AccountAncestor> stored, IEnumerable<(Guid AncestorId, int Depth)> wanted)
    {
        var desired = wanted.ToDictionary(w => w.AncestorId, w => w.Depth);
        foreach (var row in stored)
        {
            if (!desired.Remove(row.AncestorId, out var depth))
            {
                db.Ancestors.Remove(row);
            }
            else if (row.Depth != depth)
            {
                row.Depth = depth;
            }
        }

        db.Ancestors.AddRange(desired.Select(d => new AccountAncestor { CustomerId = customerId, AncestorId = d.Key, CompanyId = db.CurrentCompanyId, Depth = d.Value }));
    }

    private CreditAccount Apply(
        CustomerDto customer, Guid headId, IReadOnlyList<CurrencyBalanceDto> balances, CreditAccount? account, List<ExposureLine> lines, DateTimeOffset now)
    {
        if (account is null)
        {
            account = new CreditAccount { CustomerId = customer.Id, CompanyId = db.CurrentCompanyId, Currency = customer.Currency, GroupHeadId = headId };
            db.Accounts.Add(account);
        }

        account.ParentCustomerId = customer.ParentCustomerId;
        account.GroupHeadId = headId;
        account.Currency = customer.Currency;
        account.RefreshedAt = now;
        foreach (var line in lines)
        {
            line.GroupHeadId = headId;
            line.OpenReceivables = 0m;
            line.Overdue = 0m;
        }

        foreach (var balance in balances)
        {
            var line = lines.SingleOrDefault(l => l.Currency == balance.Currency);
            if (line is null)
            {
                line = new ExposureLine { CustomerId = customer.Id, Currency = balance.Currency, CompanyId = db.CurrentCompanyId, GroupHeadId = headId };
                db.ExposureLines.Add(line);
                lines.Add(line);
            }

            line.OpenReceivables = balance.Balance;
            line.Overdue = balance.Overdue;
        }

        return account;
    }

    /// <summary>
    /// On PostgreSQL, creates the customer's rows if they are missing with INSERT … ON CONFLICT DO NOTHING: a ledger event and a
    /// request may project the same new customer at once, and the second then updates the first's rows instead of failing on
    /// the key. SQLite has one writer at a time, so there the rows are simply added when missing.
    /// </summary>
    private async Task EnsureRowsAsync(Guid customerId, Guid headId, string accountCurrency, IEnumerable<string> currencies, CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
        {
            return;
        }

        var companyId = db.CurrentCompanyId;
        var now = clock.Time.GetUtcNow();
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO credit_limits.accounts (customer_id, company_id, group_head_id, currency, blocked, refreshed_at) VALUES ({customerId}, {companyId}, {headId}, {accountCurrency}, false, {now}) ON CONFLICT DO NOTHING",
            cancellationToken);
        foreach (var currency in currencies.Distinct())
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO credit_limits.exposure_lines (customer_id, currency, company_id, group_head_id, open_receivables, overdue, open_orders, draft_invoices) VALUES ({customerId}, {currency}, {companyId}, {headId}, 0, 0, 0, 0) ON CONFLICT DO NOTHING",
                cancellationToken);
        }
    }

    /// <summary><see cref="EnsureRowsAsync(Guid, Guid, string, IEnumerable{string}, CancellationToken)"/> for many customers: two statements.</summary>
    private async Task EnsureRowsAsync(
        IReadOnlyList<CustomerDto> customers, Dictionary<Guid, List<Guid>> chains, IReadOnlyDictionary<Guid, CustomerBalanceDto> balances, CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
        {
            return;
        }

        var companyId = db.CurrentCompanyId;
        var now = clock.Time.GetUtcNow();
        var values = new List<object>();
        var rows = new List<string>();
        foreach (var customer in customers)
        {
            var at = values.Count;
            values.AddRange([customer.Id, companyId, chains[customer.Id][^1], customer.Currency, now]);
            rows.Add($"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{{at + 3}}}, false, {{{at + 4}}})");
        }

        // Only placeholders are joined into the text; every value is a parameter.
        var accountsSql = $"INSERT INTO credit_limits.accounts (customer_id, company_id, group_head_id, currency, blocked, refreshed_at) VALUES {string.Join(", ", rows)} ON CONFLICT DO NOTHING";
        await db.Database.ExecuteSqlRawAsync(accountsSql, values, cancellationToken);
        values.Clear();
        rows.Clear();
        foreach (var customer in customers)
        {
            foreach (var currency in (balances.GetValueOrDefault(customer.Id)?.Currencies ?? []).Select(b => b.Currency).Distinct())
            {
                var at = values.Count;
                values.AddRange([customer.Id, currency, companyId, chains[customer.Id][^1]]);
                rows.Add($"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{{at + 3}}}, 0, 0, 0, 0)");
            }
        }

        if (rows.Count > 0)
        {
            var linesSql = $"INSERT INTO credit_limits.exposure_lines (customer_id, currency, company_id, group_head_id, open_receivables, overdue, open_orders, draft_invoices) VALUES {string.Join(", ", rows)} ON CONFLICT DO NOTHING";
            await db.Database.ExecuteSqlRawAsync(linesSql, values, cancellationToken);
        }
    }

    /// <summary>Sums the customer's open orders and draft invoices into its exposure rows; the orders must be saved first.</summary>
    public async Task RecomputeOrdersAsync(CreditAccount account, CancellationToken cancellationToken)
    {
        // Summed in memory: SQLite cannot sum decimals in SQL, and a customer has few open orders.
        var open = await db.Orders.Where(o => o.CustomerId == account.CustomerId && o.Status == OrderStatus.Open)
            .Select(o => new { o.Currency, o.Kind, o.Amount })
            .ToListAsync(cancellationToken);
        var sums = open.GroupBy(o => new { o.Currency, o.Kind }).Select(g => new { g.Key.Currency, g.Key.Kind, Amount = g.Sum(o => o.Amount) }).ToList();
        await EnsureRowsAsync(account.CustomerId, account.GroupHeadId, account.Currency, sums.Select(s => s.Currency), cancellationToken);
        var lines = await db.ExposureLines.Where(l => l.CustomerId == account.CustomerId).ToListAsync(cancellationToken);
        lines.AddRange(db.ExposureLines.Local.Where(l => l.CustomerId == account.CustomerId && !lines.Contains(l)));
        foreach (var line in lines)
        {
            line.OpenOrders = 0m;
            line.DraftInvoices = 0m;
        }

        foreach (var sum in sums)
        {
            var line = lines.SingleOrDefault(l => l.Currency == sum.Currency);
            if (line is null)
            {
                line = new ExposureLine { CustomerId = account.CustomerId, Currency = sum.Currency, CompanyId = account.CompanyId, GroupHeadId = account.GroupHeadId };
                db.ExposureLines.Add(line);
                lines.Add(line);
            }

            if (sum.Kind == OrderKind.Order)
            {
                line.OpenOrders = sum.Amount;
            }
            else
            {
                line.DraftInvoices = sum.Amount;
            }
        }
    }
}
