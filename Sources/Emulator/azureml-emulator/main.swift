print("azureml-emulator: arrives with the Azure ML issue")
