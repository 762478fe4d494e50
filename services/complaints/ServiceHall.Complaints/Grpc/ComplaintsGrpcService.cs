using ServiceHall.Complaints.V1;

namespace ServiceHall.Complaints.Grpc;

/// <summary>servicehall.complaints.v1.ComplaintsService: no RPCs yet; they come with the complaints issue.</summary>
public sealed class ComplaintsGrpcService : ComplaintsService.ComplaintsServiceBase;
