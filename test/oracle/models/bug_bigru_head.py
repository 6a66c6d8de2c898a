"""A bidirectional GRU classifier over log-mel spectrogram frames."""
import torch
import torch.nn as nn


# shapelint: input=(2, 50, 40)
class BiGRUClassifier(nn.Module):
    def __init__(self, n_mels=40, hidden_size=128, num_layers=2, num_classes=12):
        super().__init__()
        self.gru = nn.GRU(n_mels, hidden_size, num_layers=num_layers, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out, _ = self.gru(x)
        out = self.dropout(out[:, -1, :])
        return self.fc(out)


if __name__ == "__main__":
    model = BiGRUClassifier()
    mel = torch.randn(2, 50, 40)
    print(model(mel).shape)
