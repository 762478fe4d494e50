using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// The one translation of a <see cref="HallException"/> into a gRPC status with <c>google.rpc</c> details, which a
/// client reads with <c>RpcException.GetRpcStatus()</c>: <c>BadRequest</c> field violations for bad input,
/// <c>PreconditionFailure</c> (rule id, subject) for a refusal, <c>ResourceInfo</c> for a missing or duplicate object,
/// <c>RetryInfo</c> for a limit.
/// </summary>
public static class GrpcErrors
{
    public static RpcException ToRpcException(HallException problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var status = new Google.Rpc.Status { Message = problem.Message };
        switch (problem)
        {
            case InvalidInputException invalid:
                status.Code = (int)Code.InvalidArgument;
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(invalid.Violations.Select(v =>
                    new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
                status.Details.Add(Any.Pack(badRequest));
                break;
            case NotFoundException missing:
                status.Code = (int)Code.NotFound;
                status.Details.Add(Any.Pack(new ResourceInfo
                {
                    ResourceType = missing.What, ResourceName = missing.Id, Description = problem.Message,
                }));
                break;
            case DuplicateException duplicate:
                status.Code = (int)Code.AlreadyExists;
                status.Details.Add(Any.Pack(new ResourceInfo
                {
                    ResourceType = duplicate.What, ResourceName = duplicate.Id, Description = problem.Message,
                }));
                break;
            case RuleRefusedException refusal:
                status.Code = (int)Code.FailedPrecondition;
                var failure = new PreconditionFailure();
                failure.Violations.AddRange(refusal.Breaches.Select(b => new PreconditionFailure.Types.Violation
                {
                    Type = b.Rule, Subject = b.Subject, Description = b.Description,
                }));
                status.Details.Add(Any.Pack(failure));
                break;
            case NotPermittedException:
                status.Code = (int)Code.PermissionDenied;
                break;
            case LimitReachedException limit:
                status.Code = (int)Code.ResourceExhausted;
                status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(limit.RetryAfter) }));
                break;
            case ConflictException:
                status.Code = (int)Code.Aborted;
                break;
            case DataIntegrityException damaged:
                status.Code = (int)Code.DataLoss;
                status.Details.Add(Any.Pack(new ResourceInfo
                {
                    ResourceType = damaged.What, ResourceName = damaged.Id, Description = problem.Message,
                }));
                break;
            default:
                status.Code = (int)Code.Internal;
                break;
        }
        return status.ToRpcException();
    }
}
