# Portfolio balance: workload weights, deputy brief documents.
