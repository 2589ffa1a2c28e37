// accelconn: assigns the NIC operator custom role to the function app's identity on one target
// subscription. Called by ../main.bicep once per entry of targetSubscriptionIds.
//
// Subscription scope on purpose: the long-running-operation status URLs that ARM returns for NIC
// and VM writes live under /subscriptions/<id>/providers/<RP>/locations/<region>/operations, which
// a resource-group assignment does not cover.
targetScope = 'subscription'

@description('Object ID of the function app\'s system-assigned identity.')
param principalId string

@description('Name (GUID) of the custom role definition created by main.bicep.')
param roleDefinitionGuid string

resource nicOperatorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, roleDefinitionGuid)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuid)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'accelconn: read NICs and VMs, set Accelerated Connections on NICs, stop/start VMs to re-attach'
  }
}

output roleAssignmentId string = nicOperatorAssignment.id
