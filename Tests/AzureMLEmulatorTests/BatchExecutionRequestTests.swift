import Foundation
import HTTPTypes
import TestSizeTags
import Testing

@testable import AzureMLEmulator

@Suite(.tags(.small))
struct BatchExecutionRequestTests {
    func parse(_ text: String) throws(AzureMLServiceError) -> BatchExecutionRequest {
        try BatchExecutionRequest.parse(WireJSON.parse(Data(text.utf8)))
    }

    @Test func readsTheDocumentedShape() throws {
        let request = try parse(
            #"{"Inputs":{"input1":{"ConnectionString":"cs","RelativeLocation":"c/in.csv"}},"#
                + #""Outputs":{"output1":{"BaseLocation":"https://a.blob.core.windows.net/","RelativeLocation":"c/o.csv","SasBlobToken":"?sig=x"}},"#
                + #""GlobalParameters":{"p":"v","n":0.5,"b":true,"z":null}}"#
        )
        #expect(request.inputs["input1"] == BlobReference(connectionString: "cs", relativeLocation: "c/in.csv"))
        #expect(request.outputs["output1"]?.sasBlobToken == "?sig=x")
        #expect(request.globalParameters == ["p": "v", "n": "0.5", "b": "true"])
    }

    @Test func propertyNamesIgnoreCaseAndAcceptADFAliases() throws {
        let request = try parse(
            #"{"webServiceInputs":{"input1":{"relativelocation":"c/in.csv"}},"WEBSERVICEOUTPUTS":{}}"#)
        #expect(request.inputs["input1"]?.relativeLocation == "c/in.csv")
    }

    @Test func acceptsTheLegacySingleInput() throws {
        let request = try parse(#"{"Input":{"RelativeLocation":"c/in.csv"},"GlobalParameters":null}"#)
        #expect(request.singleInput?.relativeLocation == "c/in.csv")
        #expect(request.inputs.isEmpty)
    }

    @Test func singleAndMultipleInputsTogetherAreRefused() {
        #expect(throws: AzureMLServiceError.duplicateInputInBatchCall()) {
            try parse(#"{"Input":{"RelativeLocation":"c/a.csv"},"Inputs":{"input1":{"RelativeLocation":"c/b.csv"}}}"#)
        }
    }

    @Test(arguments: ["", "[]", "\"text\"", #"{"Inputs":[]}"#, #"{"GlobalParameters":{"p":{"nested":1}}}"#])
    func malformedBodiesAreRequestBodyInvalid(text: String) {
        do {
            _ = try parse(text)
            Issue.record("expected RequestBodyInvalid")
        } catch {
            #expect(error.detailCode == "RequestBodyInvalid")
            #expect(error.status == .badRequest)
        }
    }

    @Test func theErrorEnvelopeHasTheDocumentedShape() {
        let envelope = AzureMLServiceError.invalidInputNames(["input9"]).envelope.serialized
        #expect(
            envelope
                == #"{"error":{"code":"BadArgument","message":"Invalid argument provided.","details":[{"code":"InvalidInputNames","message":"Invalid service input name(s) specified in the request: input9. Please map the input data to the correct service inputs and try again."}]}}"#
        )
    }
}
