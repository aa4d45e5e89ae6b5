using Etrepaye.Procedures.Features.Migrations;
using Etrepaye.Procedures.Features.Tasks;
using Etrepaye.Shared.Http;
using Microsoft.AspNetCore.Routing;

namespace Etrepaye.Procedures.Features.Instances;

/// <summary>The running side of procedures: the task inbox, running instances and their operator actions, migrations.</summary>
internal static class ProcedureRuntimeEndpoints
{
    public static void MapProcedureRuntimeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var tasks = endpoints.MapCompanyGroup("tasks", "Task inbox");
        tasks.MapListTasks();
        tasks.MapClaimTask();
        tasks.MapCompleteTask();
        tasks.MapBulkCompleteTasks();
        tasks.MapReassignTask();

        var instances = endpoints.MapCompanyGroup("procedure-instances", "Procedure instances");
        instances.MapListProcedureInstances();
        instances.MapGetProcedureInstance();
        instances.MapActOnProcedureInstance();
        instances.MapMigrateProcedureInstances();
    }
}
