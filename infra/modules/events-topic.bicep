// accelconn: the Event Grid system topic for one Azure subscription. Called by ../eventgrid.bicep
// with a resource group of the subscription whose events it carries (subscription() below is
// that subscription, the topic's source).
//
// Azure allows one system topic per source: if the subscription already has a
// Microsoft.Resources.Subscriptions system topic (Defender for Cloud, another tool), this
// deployment fails with a conflict. Then put accelconn's event subscription on that topic instead
// (README "Open points").
targetScope = 'resourceGroup'

param systemTopicName string
param tags object

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  // Subscription-level system topics are global.
  location: 'global'
  tags: tags
  // The identity dead-letters undeliverable events into the storage account without a key
  // (deadLetterWithResourceIdentity in events-subscription.bicep).
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

output systemTopicName string = systemTopic.name
output systemTopicResourceId string = systemTopic.id
output principalId string = systemTopic.identity.principalId
