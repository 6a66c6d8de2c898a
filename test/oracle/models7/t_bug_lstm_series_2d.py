"""BUG: the univariate time-series LSTM from the popular "airline passengers" / stock-price forecasting tutorials (nn.LSTM(input_size=1, hidden_layer_size=100, batch_first=True), a Linear on lstm_out[:, -1, :]), trained on sliding windows that the dataset returns as (lookback,) vectors, so the DataLoader yields (batch, lookback) = (2, 12) without the trailing feature axis that x.unsqueeze(-1) would add. A 2-D input is taken by nn.LSTM as one unbatched sequence (L=2, H_in=12), so the LSTM raises "input.size(-1) must be equal to input_size. Expected 1, got 12" at the nn.LSTM layer."""
import torch
import torch.nn as nn


# shapelint: input=(2, 12)
class LSTMForecaster(nn.Module):
    def __init__(self, input_size=1, hidden_layer_size=100, output_size=1):
        super().__init__()
        self.hidden_layer_size = hidden_layer_size

        self.lstm = nn.LSTM(input_size, hidden_layer_size, batch_first=True)

        self.linear = nn.Linear(hidden_layer_size, output_size)

    def forward(self, input_seq):
        lstm_out, _ = self.lstm(input_seq)
        predictions = self.linear(lstm_out[:, -1, :])
        return predictions
