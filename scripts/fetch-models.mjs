console.log('models: later')
