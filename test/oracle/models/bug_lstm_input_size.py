"""An LSTM sentiment classifier over word embeddings."""
import torch
import torch.nn as nn


# shapelint: input=(2, 25)
class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size=10000, embedding_dim=100, hidden_dim=256, output_dim=1):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(128, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, output_dim)

    def forward(self, text):
        embedded = self.embedding(text)
        output, (hidden, cell) = self.lstm(embedded)
        return self.fc(hidden.squeeze(0))


if __name__ == "__main__":
    model = SentimentLSTM()
    tokens = torch.randint(0, 10000, (2, 25))
    print(model(tokens).shape)
