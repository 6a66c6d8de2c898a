"""A two-tower matching model that fuses a user vector and an item vector with nn.Bilinear."""
import torch
import torch.nn as nn


# shapelint: input=((2, 10), (2, 20))
class BilinearMatcher(nn.Module):
    def __init__(self, user_dim=10, item_dim=20, hidden=32, out_dim=16):
        super().__init__()
        self.user_tower = nn.Sequential(nn.Linear(user_dim, hidden), nn.PReLU())
        self.item_tower = nn.Sequential(nn.Linear(item_dim, hidden * 2), nn.PReLU(num_parameters=hidden * 2))
        self.fuse = nn.Bilinear(hidden, hidden * 2, out_dim)
        self.score = nn.Linear(out_dim, 1)

    def forward(self, user, item):
        u = self.user_tower(user)
        v = self.item_tower(item)
        z = torch.relu(self.fuse(u, v))
        return torch.sigmoid(self.score(z)).squeeze(-1)


if __name__ == "__main__":
    model = BilinearMatcher()
    scores = model(torch.randn(2, 10), torch.randn(2, 20))
    print(scores.shape)
