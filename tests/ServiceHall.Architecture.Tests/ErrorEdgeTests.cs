using Google.Rpc;
using Grpc.Core;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Architecture.Tests;

/// <summary>The one edge where the domain's words become gRPC status codes and <c>google.rpc</c> details.</summary>
public sealed class ErrorEdgeTests
{
    [Fact]
    public void A_missing_object_is_NOT_FOUND_with_its_type_and_id()
    {
        var status = GrpcErrors.ToRpcException(new NotFoundException("Window", "w-07")).GetRpcStatus()!;
        Assert.Equal((int)Code.NotFound, status.Code);
        var info = status.GetDetail<ResourceInfo>();
        Assert.Equal(("Window", "w-07"), (info.ResourceType, info.ResourceName));
    }

    [Fact]
    public void A_duplicate_is_ALREADY_EXISTS_with_its_type_and_id()
    {
        var status = GrpcErrors.ToRpcException(new DuplicateException("Leave", "l-1", "other details")).GetRpcStatus()!;
        Assert.Equal((int)Code.AlreadyExists, status.Code);
        Assert.Equal("l-1", status.GetDetail<ResourceInfo>().ResourceName);
        Assert.Contains("other details", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_is_FAILED_PRECONDITION_naming_each_rule_and_subject()
    {
        var refusal = new RuleRefusedException("Window w-07 would be unstaffed.",
            [("R1.7", "window/w-07/2026-11-24", "unstaffed"), ("R1.7", "window/w-07/2026-11-25", "unstaffed")]);
        var status = GrpcErrors.ToRpcException(refusal).GetRpcStatus()!;
        Assert.Equal((int)Code.FailedPrecondition, status.Code);
        Assert.Equal(["window/w-07/2026-11-24", "window/w-07/2026-11-25"],
            status.GetDetail<PreconditionFailure>().Violations.Select(v => v.Subject));
        Assert.All(status.GetDetail<PreconditionFailure>().Violations, v => Assert.Equal("R1.7", v.Type));
    }

    [Fact]
    public void Bad_input_is_INVALID_ARGUMENT_with_every_field()
    {
        var status = GrpcErrors.ToRpcException(new InvalidInputException(
            [new FieldViolation("staff_id", "is required"), new FieldViolation("at", "must be today")])).GetRpcStatus()!;
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.Equal(["staff_id", "at"], status.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public void A_limit_is_RESOURCE_EXHAUSTED_with_when_to_retry_and_a_conflict_is_ABORTED()
    {
        var limit = GrpcErrors.ToRpcException(new LimitReachedException("Too many.", TimeSpan.FromMinutes(5))).GetRpcStatus()!;
        Assert.Equal((int)Code.ResourceExhausted, limit.Code);
        Assert.Equal(TimeSpan.FromMinutes(5), limit.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(StatusCode.Aborted, GrpcErrors.ToRpcException(new ConflictException("raced")).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, GrpcErrors.ToRpcException(new NotPermittedException("no")).StatusCode);
    }
}
