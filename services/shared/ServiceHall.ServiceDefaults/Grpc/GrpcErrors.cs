using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// The few ways a request fails, each with the right gRPC status and, for bad input, <c>google.rpc.BadRequest</c>
/// field details that a client can read with <c>RpcException.GetRpcStatus()</c>.
/// </summary>
public static class GrpcErrors
{
    public static RpcException InvalidArgument(IReadOnlyCollection<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation
        {
            Field = v.Field,
            Description = v.Description,
        }));
        var message = "Invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument([new FieldViolation(field, description)]);

    public static RpcException NotFound(string what, string id) =>
        Simple(Code.NotFound, $"{what} '{id}' was not found.");

    public static RpcException AlreadyExists(string what, string id, string? why = null) =>
        Simple(Code.AlreadyExists, $"{what} '{id}' already exists{(why is null ? "." : ": " + why)}");

    public static RpcException FailedPrecondition(string message) => Simple(Code.FailedPrecondition, message);

    /// <summary>
    /// A rule the request breaks, with one <c>google.rpc.PreconditionFailure</c> violation per failing subject
    /// (e.g. type "A5", subject "window/w-07/2026-11-24").
    /// </summary>
    public static RpcException FailedPrecondition(string message, IEnumerable<(string Type, string Subject, string Description)> violations)
    {
        var failure = new PreconditionFailure();
        failure.Violations.AddRange(violations.Select(v => new PreconditionFailure.Types.Violation
        {
            Type = v.Type, Subject = v.Subject, Description = v.Description,
        }));
        return new Google.Rpc.Status
        {
            Code = (int)Code.FailedPrecondition,
            Message = message,
            Details = { Any.Pack(failure) },
        }.ToRpcException();
    }

    public static RpcException PermissionDenied(string message) => Simple(Code.PermissionDenied, message);

    /// <summary>A limit was reached; <c>google.rpc.RetryInfo</c> says when to try again.</summary>
    public static RpcException ResourceExhausted(string message, TimeSpan retryAfter) =>
        new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = message,
            Details =
            {
                Any.Pack(new Google.Rpc.RetryInfo
                {
                    RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(
                        retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter),
                }),
            },
        }.ToRpcException();

    /// <summary>A concurrent change won; the caller may simply try again.</summary>
    public static RpcException Aborted(string message) => Simple(Code.Aborted, message);

    private static RpcException Simple(Code code, string message) =>
        new Google.Rpc.Status { Code = (int)code, Message = message }.ToRpcException();
}

/// <summary>One bad field of a request: the proto field name and what is wrong with it.</summary>
public sealed record FieldViolation(string Field, string Description);
