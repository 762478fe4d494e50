using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// Every string a request carries — in nested messages, lists and maps too — is put in Unicode normalisation form C
/// before anything reads it, so "é" typed as one character or as "e" plus a combining accent is one name, one reason,
/// one request (the retry check compares the normalised request). Text that is not valid UTF-16 is left for the
/// validators to refuse.
/// </summary>
public sealed class TextNormalizingInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Normalize(request as IMessage);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Normalize(request as IMessage);
        return continuation(request, responseStream, context);
    }

    /// <summary>Normalises <paramref name="message"/>'s strings in place (NFC).</summary>
    public static void Normalize(IMessage? message)
    {
        if (message is null)
            return;
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var accessor = field.Accessor;
            if (field.IsMap)
            {
                if (accessor.GetValue(message) is System.Collections.IDictionary map)
                {
                    foreach (var key in map.Keys.Cast<object>().ToList())
                    {
                        if (map[key] is string text)
                            map[key] = Nfc(text);
                        else
                            Normalize(map[key] as IMessage);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                if (accessor.GetValue(message) is System.Collections.IList list)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is string text)
                            list[i] = Nfc(text);
                        else
                            Normalize(list[i] as IMessage);
                    }
                }
            }
            else if (field.FieldType == FieldType.String)
            {
                if (accessor.GetValue(message) is string text && text.Length > 0)
                    accessor.SetValue(message, Nfc(text));
            }
            else if (field.FieldType == FieldType.Message)
            {
                Normalize(accessor.GetValue(message) as IMessage);
            }
        }
    }

    private static string Nfc(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text; // lone surrogates: the validators refuse what they must
        }
    }
}
